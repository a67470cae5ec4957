using System.CommandLine;
using System.Reflection;

namespace Sockspec.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

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
