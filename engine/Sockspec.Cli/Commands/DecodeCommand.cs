using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sockspec.Dissector;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec decode [HEX] [--role client|server] [--phase auto|greeting|...] [--json]`: dissects hex (argument or
/// stdin) into SOCKS messages field by field, with every framing error and rule violation and its requirement ID.
/// Exit 0 when everything frames and breaks no rule, 1 when something does, 2 for bad input.
/// </summary>
public sealed class DecodeCommand : ISockspecCommand
{
    // Hex read from stdin is bounded: a whole handshake is at most a few kilobytes.
    private const int MaxInputChars = 1 << 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public Command Build()
    {
        var hex = new Argument<string?>("hex") { Description = "bytes as hex (whitespace and colons ignored); read from stdin when absent", Arity = ArgumentArity.ZeroOrOne };
        // Role and phase are checked in the action, not by the parser, so that a wrong value exits 2 like other bad input.
        var role = new Option<string>("--role") { Description = "client (client to server) or server (server to client)", HelpName = "client|server", DefaultValueFactory = _ => "client" };
        var phase = new Option<string>("--phase") { Description = "the first message: " + string.Join(", ", DissectPhaseNames.All), HelpName = "phase", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of text" };

        var command = new Command("decode", "Decode SOCKS bytes field by field, with every framing error and rule violation (exit 0 clean, 1 not clean, 2 bad input)") { hex, role, phase, json };
        command.SetAction(parse =>
        {
            string roleName = parse.GetValue(role)!;
            if (roleName is not ("client" or "server")) return Fail($"--role must be client or server, not '{roleName}'");
            if (!DissectPhaseNames.TryParse(parse.GetValue(phase)!, out var p))
                return Fail($"--phase must be one of {string.Join(", ", DissectPhaseNames.All)}, not '{parse.GetValue(phase)}'");
            string? text = parse.GetValue(hex) ?? ReadStdin();
            if (text is null) return Fail("input too long (more than 1 MiB of hex)");
            if (!HexInput.TryParse(text, out var bytes, out string? error)) return Fail(error!);
            var r = roleName == "server" ? DissectRole.Server : DissectRole.Client;
            var dissection = Dissector.Dissector.Dissect(bytes, r, p);
            Console.Out.Write(parse.GetValue(json) ? JsonSerializer.Serialize(dissection, Json) + "\n" : DissectionText.Render(dissection, bytes));
            return dissection.IsClean ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sockspec decode: {message}");
        return ExitCodes.UsageOrSetup;
    }

    private static string? ReadStdin()
    {
        var buffer = new char[MaxInputChars + 1];
        int total = 0, n;
        while (total < buffer.Length && (n = Console.In.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        return total > MaxInputChars ? null : new string(buffer, 0, total);
    }
}
