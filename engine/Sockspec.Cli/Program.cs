using System.CommandLine;
using System.Reflection;

namespace Sockspec.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parsed = BuildRoot().Parse(args);
        // Usage errors exit 2 (scripts tell them apart from a failed case, which exits 1).
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await Console.Error.WriteLineAsync($"sockspec: {e.Message}");
            await Console.Error.WriteLineAsync("Run 'sockspec --help' for usage.");
            return ExitCodes.UsageOrSetup;
        }
        return await parsed.InvokeAsync();
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("sockspec: SOCKS4/4a/5 conformance test suite and fuzzer");
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ISockspecCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => ((ISockspecCommand)Activator.CreateInstance(t)!).Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in commands) root.Subcommands.Add(c);
        return root;
    }
}
