using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

/// <summary>
/// Real handshakes captured on loopback by Captures/capture.sh (curl and ncat through the roster's microsocks, dante and
/// v2ray): each direction dissects with no framing error and no violation, and the messages are the ones the dialog
/// must contain.
/// </summary>
public class CaptureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Captures");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in FileNames()) data.Add(f);
        return data;
    }

    private static IEnumerable<string> FileNames() =>
        Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_client_and_proxy_combination_the_issue_names_has_a_capture()
    {
        string[] expected =
        [
            "curl-socks4-dante", "curl-socks4a-v2ray", "curl-socks4a-rejected-dante", "curl-socks5-dante", "curl-socks5h-dante", "curl-socks5-userpass-dante",
            "curl-socks5h-userpass-url-dante", "curl-socks5-microsocks", "curl-socks5h-microsocks", "curl-socks5-userpass-microsocks",
            "curl-socks5h-userpass-url-microsocks", "ncat-socks5-microsocks", "ncat-socks4-dante",
        ];
        var present = FileNames().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.All(expected, name => Assert.Contains(name, present));
    }

    [Theory, MemberData(nameof(Files))]
    public void A_captured_dialog_carries_a_header_naming_implementation_client_command_and_date(string file)
    {
        var header = File.ReadLines(Path.Combine(Folder, file)).TakeWhile(l => l.StartsWith('#')).ToList();
        foreach (var key in new[] { "# implementation: ", "# client: ", "# command: ", "# date: " })
            Assert.Contains(header, l => l.StartsWith(key, StringComparison.Ordinal) && l.Length > key.Length);
    }

    [Theory, MemberData(nameof(Files))]
    public void The_client_side_of_a_captured_dialog_dissects_cleanly(string file)
    {
        var d = Dissector.Dissect(Direction(file, "client"), DissectRole.Client, DissectPhase.Auto);
        AssertClean(file, d);
        var names = d.Messages.Select(m => m.Name).ToList();
        if (file.Contains("socks4"))
        {
            Assert.Equal([file.Contains("socks4a") ? "SOCKS4a request" : Socks4Request.Name], names);
            return;
        }
        Assert.Equal(Socks5Greeting.Name, names[0]);
        if (file.Contains("userpass") || file.Contains("wrongpass")) Assert.Equal(UsernamePasswordRequest.Name, names[1]);
        if (!file.Contains("wrongpass")) Assert.Equal(Socks5Request.Name, names[^1]);
    }

    [Theory, MemberData(nameof(Files))]
    public void The_proxy_side_of_a_captured_dialog_dissects_cleanly(string file)
    {
        var d = Dissector.Dissect(Direction(file, "server"), DissectRole.Server, DissectPhase.Auto);
        AssertClean(file, d);
        var names = d.Messages.Select(m => m.Name).ToList();
        if (file.Contains("socks4"))
        {
            Assert.Equal([Socks4Reply.Name], names);
            return;
        }
        Assert.Equal(Socks5MethodSelection.Name, names[0]);
        if (file.Contains("userpass") || file.Contains("wrongpass")) Assert.Equal(UsernamePasswordResponse.Name, names[1]);
        if (!file.Contains("wrongpass")) Assert.Equal(Socks5Reply.Name, names[^1]);
    }

    [Theory, MemberData(nameof(Files))]
    public void A_captured_password_never_appears_in_the_dissection(string file)
    {
        var d = Dissector.Dissect(Direction(file, "client"), DissectRole.Client, DissectPhase.Auto);
        var passwd = d.Messages.SelectMany(m => m.Fields).Where(f => f.Name == "PASSWD").ToList();
        Assert.All(passwd, f => Assert.Equal($"<{f.Length} bytes>", f.Value));
        // Nor in any other field. The roster's user and password are the same word, so UNAME may show it.
        if (Password(file) is { } secret)
            Assert.DoesNotContain(d.Messages.SelectMany(m => m.Fields).Where(f => f.Name != "UNAME"), f => f.Value.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Dante_answers_a_SOCKS4a_request_with_a_well_formed_reject_because_it_does_not_implement_SOCKS4a()
    {
        // danted 1.4.2 dials 0.0.0.1 itself (its log: "connect to host 0.0.0.1... Invalid argument"), then rejects.
        var d = Dissector.Dissect(Direction("curl-socks4a-rejected-dante.txt", "server"), DissectRole.Server, DissectPhase.Auto);
        Assert.Equal("5B (91) request rejected or failed", d.Messages.Single().Fields.Single(f => f.Name == "CD").Value);
    }

    private static void AssertClean(string file, Dissection d)
    {
        Assert.NotEmpty(d.Messages);
        foreach (var m in d.Messages)
        {
            Assert.True(m.FramingError == FramingError.None, $"{file}: {m.Name} framing error {m.FramingError}");
            Assert.True(m.Violations.Count == 0, $"{file}: {m.Name} violations {string.Join(", ", m.Violations)}");
        }
        Assert.True(d.Rest is null || d.Rest.Kind == RestKind.Data, $"{file}: rest {d.Rest}");
    }

    /// <summary>The password the capture's command sent (`-U user:pass`, `--proxy-auth user:pass`, `user:pass@`), if any.</summary>
    private static string? Password(string file)
    {
        string command = File.ReadLines(Path.Combine(Folder, file)).Single(l => l.StartsWith("# command:", StringComparison.Ordinal));
        var m = System.Text.RegularExpressions.Regex.Match(command, @"(?:-U |--proxy-auth |//)[^:\s]+:([^@\s]+)");
        return m.Success && m.Groups[1].Value != "wrong" ? m.Groups[1].Value : null;
    }

    private static byte[] Direction(string file, string role)
    {
        string line = File.ReadLines(Path.Combine(Folder, file)).Single(l => l.StartsWith(role + ":", StringComparison.Ordinal));
        Assert.True(HexInput.TryParse(line[(role.Length + 1)..], out var bytes, out var error), error);
        return bytes;
    }
}
