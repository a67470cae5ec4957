using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Runner.Tests;

public sealed class TargetsFileTests
{
    [Fact]
    public void A_file_with_every_kind_of_target_is_read_in_order_with_credentials_profile_and_expect()
    {
        var plan = TargetsFile.Parse("""
            { "dockerHost": "unix:///run/sockspec-docker.sock",
              "targets": [
                { "name": "m", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"], "env": ["A=1"] } },
                { "name": "d.user", "docker": { "image": "sockspec/dante", "cmd": ["x"], "port": 1081 },
                  "user": "u", "password": "p", "profile": { "bind": false, "UDP": true }, "expect": "e.expect" },
                { "name": "local", "exec": "start.sh {port}" },
                { "name": "there", "address": "127.0.0.1:1080" }, // comments and trailing commas are fine
              ] }
            """, "t.json");
        Assert.Equal(new Uri("unix:///run/sockspec-docker.sock"), plan.DockerHost);
        Assert.Equal(["m", "d.user", "local", "there"], plan.Targets.Select(t => t.Name));
        var m = plan.Targets[0].Docker!;
        Assert.Equal(("sockspec/microsocks", 0), (m.Image, m.Port));
        Assert.Equal(["A=1"], m.Env);
        var d = plan.Targets[1];
        Assert.Equal(1081, d.Docker!.Port);
        Assert.Equal(("u", "p"), (d.Credentials!.User, d.Credentials.Password));
        Assert.False(d.Profile[Features.Bind]);
        Assert.True(d.Profile[Features.Udp]);
        Assert.Equal("e.expect", d.Expect);
        Assert.Equal("start.sh {port}", plan.Targets[2].Exec);
        Assert.Equal("127.0.0.1:1080", plan.Targets[3].Address);
    }

    [Fact]
    public void A_roster_holds_the_reference_local_forms_and_clients_and_splits_them_by_kind()
    {
        var plan = TargetsFile.Parse("""
            { "targets": [
                { "name": "reference", "reference": true, "describe": "the reference" },
                { "name": "m", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"] }, "local": "start.sh {port}",
                  "package": "microsocks", "describe": "microsocks {version}", "expect": "m.expect" },
                { "name": "curl", "kind": "client", "exec": "curl -x socks5://{proxy} {target}", "stdin": "x" },
                { "name": "h", "kind": "client", "builtin": "httpclient-socks5", "user": "u", "password": "p" } ] }
            """, "t.json");
        Assert.Equal(["reference", "m"], plan.Servers.Select(t => t.Name));
        Assert.Equal(["curl", "h"], plan.Clients.Select(t => t.Name));
        Assert.True(plan.Servers[0].Reference);
        Assert.Equal(["embedded", "container", "command", "built in"], plan.Targets.Select(t => t.RanAs));
        Assert.Null(plan.Servers[0].AsLocal());
        var local = plan.Servers[1].AsLocal()!;
        Assert.Equal(("start.sh {port}", null, "local process", "m.expect"), (local.Exec, local.Docker, local.RanAs, local.Expect));
        Assert.Equal(("curl -x socks5://{proxy} {target}", "x"), (plan.Clients[0].Exec, plan.Clients[0].Stdin));
        Assert.Equal("httpclient-socks5", plan.Clients[1].Builtin);
        Assert.Equal("the reference", PackageVersion.Describe(plan.Servers[0]));
        Assert.Equal("curl", PackageVersion.Describe(plan.Clients[0]));
    }

    [Fact]
    public void The_description_carries_the_installed_version_of_its_package()
    {
        var spec = TargetsFile.Parse("""{ "targets": [ { "name": "x", "address": "127.0.0.1:1", "package": "no-such-package-here", "describe": "x {version}" } ] }""", "t").Targets[0];
        Assert.Equal("x unknown", PackageVersion.Describe(spec));
        // dpkg itself is installed on every Debian machine this runs on; elsewhere the version is "unknown" too.
        Assert.DoesNotContain("{version}", PackageVersion.Describe(spec with { Package = "dpkg" }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "targets": [ { "name": "a", "reference": true, "address": "127.0.0.1:1" } ] }""", "exactly one of")]
    [InlineData("""{ "targets": [ { "name": "a", "reference": "yes" } ] }""", "true or false")]
    [InlineData("""{ "targets": [ { "name": "a", "exec": "x", "local": "y" } ] }""", "local form of a \"docker\" target")]
    [InlineData("""{ "targets": [ { "name": "a", "kind": "proxy", "exec": "x" } ] }""", "neither")]
    [InlineData("""{ "targets": [ { "name": "a", "kind": "client" } ] }""", "exactly one of \"exec\" and \"builtin\"")]
    [InlineData("""{ "targets": [ { "name": "a", "kind": "client", "builtin": "b", "stdin": "x" } ] }""", "\"stdin\" goes with \"exec\"")]
    [InlineData("""{ "targets": [ { "name": "a", "kind": "client", "exec": "x", "docker": { "image": "i", "port": 1 } } ] }""", "a client has no")]
    [InlineData("""{ "targets": [ { "name": "a", "exec": "x", "builtin": "b" } ] }""", "belong to clients")]
    public void A_bad_roster_entry_is_a_format_error_saying_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TargetsFile.Parse(text, "t.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "targets": [] }""", "non-empty array")]
    [InlineData("""{ "targets": [ { "name": "a" } ] }""", "exactly one of")]
    [InlineData("""{ "targets": [ { "name": "a", "address": "127.0.0.1:1", "exec": "x" } ] }""", "exactly one of")]
    [InlineData("""{ "targets": [ { "name": "../x", "address": "127.0.0.1:1" } ] }""", "may hold only")]
    [InlineData("""{ "targets": [ { "name": "..", "address": "127.0.0.1:1" } ] }""", "may hold only")]
    [InlineData("""{ "targets": [ { "name": "a", "address": "127.0.0.1:1" }, { "name": "A", "address": "127.0.0.1:2" } ] }""", "used twice")]
    [InlineData("""{ "targets": [ { "name": "a", "adress": "127.0.0.1:1" } ] }""", "unknown key \"adress\"")]
    [InlineData("""{ "targets": [ { "name": "a", "address": "127.0.0.1:1", "user": "u" } ] }""", "go together")]
    [InlineData("""{ "targets": [ { "name": "a", "address": "127.0.0.1:1", "profile": { "gopher": true } } ] }""", "unknown feature 'gopher'")]
    [InlineData("""{ "targets": [ { "name": "a", "address": "127.0.0.1:1", "profile": { "bind": "yes" } } ] }""", "true or false")]
    [InlineData("""{ "targets": [ { "name": "a", "docker": { "image": "i" } } ] }""", "{port}")]
    [InlineData("""{ "targets": [ { "name": "a", "docker": { "image": "i", "port": 70000 } } ] }""", "1-65535")]
    [InlineData("""{ "targets": [ { "name": "a", "docker": { "image": "i", "port": 1, "env": ["NOEQUALS"] } } ] }""", "KEY=VALUE")]
    [InlineData("""{ "targets": [ { "name": "a", "docker": { "cmd": ["{port}"] } } ] }""", "\"image\" is required")]
    [InlineData("targets:\n  - name: a\n", "YAML is not supported")]
    public void A_bad_file_is_a_format_error_saying_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TargetsFile.Parse(text, "t.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_docker_target_without_a_port_gets_a_free_one_in_place_of_the_placeholder()
    {
        await using var target = TargetFactory.Docker(new DockerSpec("sockspec/dante", ["{port}", "noauth"], ["P={port}"], 0), null, TimeSpan.FromSeconds(5));
        int port = target.EndPoint.Port;
        Assert.InRange(port, 1, 65535);
        Assert.Equal($"docker: sockspec/dante {port} noauth", target.Name);
        Assert.Contains($"--docker-cmd {port} noauth --docker-env P={port} --proxy-port {port}", target.ReproducerArgs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_log_keeps_the_newest_lines_and_says_how_many_were_dropped()
    {
        var log = new ContainerLog();
        for (int i = 0; i < ContainerLog.MaxLines + 5; i++) log.Add("line " + i);
        log.Add(new string('x', ContainerLog.MaxLineLength + 10));
        var lines = log.Lines;
        Assert.Equal(ContainerLog.MaxLines + 1, lines.Count);
        Assert.Equal("[sockspec] 6 earlier lines dropped", lines[0]);
        Assert.Equal("line 6", lines[1]);
        Assert.EndsWith("[line truncated]", lines[^1], StringComparison.Ordinal);
    }
}
