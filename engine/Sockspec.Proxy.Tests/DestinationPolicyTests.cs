using System.Net;

namespace Sockspec.Proxy.Tests;

public class DestinationPolicyTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", 0, 65535)]
    [InlineData("10.0.0.0/8:80", "10.0.0.0/8", 80, 80)]
    [InlineData("0.0.0.0/0:1-1023", "0.0.0.0/0", 1, 1023)]
    [InlineData("127.0.0.1", "127.0.0.1/32", 0, 65535)]
    [InlineData("127.0.0.1:8080", "127.0.0.1/32", 8080, 8080)]
    [InlineData("::1/128:443", "::1/128", 443, 443)]
    [InlineData("[::1]:443", "::1/128", 443, 443)]
    [InlineData("[::]/0:1-2", "::/0", 1, 2)]
    [InlineData("::1", "::1/128", 0, 65535)]
    public void Rules_parse_ranges_and_ports(string text, string network, int first, int last)
    {
        var rule = DestinationRule.Parse(text);
        Assert.Equal(IPNetwork.Parse(network), rule.Network);
        Assert.Equal(first, rule.FirstPort);
        Assert.Equal(last, rule.LastPort);
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("nonsense")]
    [InlineData("10.0.0.0/8:70000")]
    [InlineData("10.0.0.0/8:9-1")]
    [InlineData("[::1")]
    public void Bad_rules_are_rejected_with_a_message(string text)
    {
        Assert.False(DestinationRule.TryParse(text, out _, out string? error));
        Assert.Contains(text, error);
    }

    [Fact]
    public void The_default_policy_allows_loopback_only()
    {
        var p = DestinationPolicy.LoopbackOnly();
        Assert.True(p.IsAllowed(IPAddress.Parse("127.0.0.1"), 80));
        Assert.True(p.IsAllowed(IPAddress.Parse("127.9.9.9"), 1));
        Assert.True(p.IsAllowed(IPAddress.IPv6Loopback, 443));
        Assert.True(p.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1"), 443));
        Assert.False(p.IsAllowed(IPAddress.Parse("10.0.0.1"), 80));
        Assert.False(p.IsAllowed(IPAddress.Parse("::ffff:10.0.0.1"), 80));
        Assert.False(p.IsAllowed(IPAddress.Parse("8.8.8.8"), 53));
        Assert.False(p.IsAllowed(IPAddress.Parse("2001:db8::1"), 80));
        Assert.False(p.IsAllowed(IPAddress.Any, 80));
    }

    [Fact]
    public void Deny_wins_over_allow_and_ports_narrow_rules()
    {
        var p = DestinationPolicy.AllowAll();
        p.Deny.Add(DestinationRule.Parse("127.0.0.0/8:22"));
        Assert.False(p.IsAllowed(IPAddress.Loopback, 22));
        Assert.True(p.IsAllowed(IPAddress.Loopback, 23));
        Assert.True(p.IsAllowed(IPAddress.Parse("192.0.2.1"), 22));
    }
}
