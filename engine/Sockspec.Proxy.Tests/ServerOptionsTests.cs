using System.Net;

namespace Sockspec.Proxy.Tests;

public class ServerOptionsTests
{
    [Fact]
    public void Defaults_are_loopback_1080_with_loopback_destinations_and_bounded_limits()
    {
        var o = new ServerOptions();
        Assert.Empty(o.Listen);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1080), ServerOptions.DefaultListen);
        Assert.False(o.Policy.IsAllowed(IPAddress.Parse("192.0.2.1"), 80));
        Assert.False(o.AllowOpenRelay);
        Assert.True(o.MaxConnections > 0);
        Assert.True(o.HandshakeTimeout <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_public_listen_address_without_authentication_is_refused()
    {
        var o = new ServerOptions();
        o.Listen.Add(new IPEndPoint(IPAddress.Any, 0));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ReferenceServer.StartAsync(o));
        Assert.Contains("open relay", e.Message);
    }

    [Fact]
    public void A_public_listen_address_is_accepted_with_users_or_the_explicit_flag()
    {
        var withUsers = new ServerOptions();
        withUsers.Listen.Add(new IPEndPoint(IPAddress.Any, 0));
        withUsers.Users["u"] = "p";
        ReferenceServer.Validate(withUsers);
        var open = new ServerOptions { AllowOpenRelay = true };
        open.Listen.Add(new IPEndPoint(IPAddress.Any, 0));
        ReferenceServer.Validate(open);
    }

    [Fact]
    public void Nonsense_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceServer.Validate(new ServerOptions { MaxConnections = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceServer.Validate(new ServerOptions { IdleTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceServer.Validate(new ServerOptions { RelayPortMin = 10, RelayPortMax = 5 }));
    }

    [Fact]
    public void A_users_file_reads_user_colon_password_lines()
    {
        var users = UsersFile.Parse(["# comment", "", "alice:s3cret", "bob:pa:ss"]);
        Assert.Equal("s3cret", users["alice"]);
        Assert.Equal("pa:ss", users["bob"]);
    }

    [Fact]
    public void A_bad_users_file_line_is_reported_by_number_without_its_content()
    {
        var e = Assert.Throws<FormatException>(() => UsersFile.Parse(["alice:ok", "nopassword"]));
        Assert.Contains("line 2", e.Message);
        Assert.DoesNotContain("nopassword", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:1080", "127.0.0.1:1080")]
    [InlineData("[::1]:0", "[::1]:0")]
    [InlineData("localhost:9", "127.0.0.1:9")]
    public void Listen_addresses_parse(string text, string expected)
    {
        Assert.True(EndpointText.TryParse(text, out var ep));
        Assert.Equal(expected, ep.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("host:80")]
    public void Listen_addresses_without_a_port_or_with_a_name_are_rejected(string text) =>
        Assert.False(EndpointText.TryParse(text, out _));
}
