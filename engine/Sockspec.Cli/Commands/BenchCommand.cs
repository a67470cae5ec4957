using System.CommandLine;
using System.Net.Sockets;
using Sockspec.Bench;
using Sockspec.Proxy.Client;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec bench`: in one run, the reference proxy (as a separate `sockspec serve` process), peer proxies from the
/// roster (each server entry's local form, or its exec command) and a direct connection, on loopback: throughput each
/// way, CONNECT handshakes per second, memory per idle connection. Prints a Markdown table with ratios. Exit 2 when a
/// peer cannot be started (scripts/setup.sh installs the roster's packages).
/// </summary>
public sealed class BenchCommand : ISockspecCommand
{
    public Command Build()
    {
        var mib = new Option<long>("--mib") { Description = "MiB moved each way per path", DefaultValueFactory = _ => 1024 };
        var seconds = new Option<double>("--handshake-seconds") { Description = "duration of each handshake round per path", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds per figure (the median is reported)", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "concurrent clients in the handshake test", DefaultValueFactory = _ => 32 };
        var idle = new Option<int>("--idle-connections") { Description = "idle connections for the memory figure", DefaultValueFactory = _ => 4000 };
        var peers = new Option<string[]>("--paths") { Description = "paths to measure: direct, sockspec, and roster server names with a local form or an exec command", DefaultValueFactory = _ => ["direct", "sockspec", "microsocks", "dante-noauth"], AllowMultipleArgumentsPerToken = true };
        var roster = new Option<string>("--roster") { Description = "the targets file the peer proxies come from", DefaultValueFactory = _ => "engine/targets/roster.json" };
        var serveArgs = new Option<string[]>("--serve-arg") { Description = "extra argument for the reference `sockspec serve` (repeatable), e.g. --serve-arg=--no-splice" };
        var command = new Command("bench", "Benchmark the reference proxy against microsocks, dante and a direct connection") { mib, seconds, rounds, concurrency, idle, peers, roster, serveArgs };
        command.SetAction(async (parse, ct) =>
        {
            var o = new BenchOptions
            {
                Bytes = Math.Clamp(parse.GetValue(mib), 1, 64 * 1024) << 20,
                HandshakeDuration = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 0.1, 60)),
                Concurrency = Math.Clamp(parse.GetValue(concurrency), 1, 1024),
                IdleConnections = Math.Clamp(parse.GetValue(idle), 1, 8000),
                Rounds = Math.Clamp(parse.GetValue(rounds), 1, 50),
            };
            await using var target = new BenchTarget();
            var paths = new List<PathUnderTest>();
            try
            {
                foreach (var name in parse.GetValue(peers)!)
                {
                    try
                    {
                        paths.Add(name switch
                        {
                            "direct" => PathUnderTest.Direct(),
                            "sockspec" => await PathUnderTest.ReferenceAsync(SelfCommand(), parse.GetValue(serveArgs) ?? []),
                            _ => await PathUnderTest.LocalAsync(name, PeerCommand(parse.GetValue(roster)!, name)),
                        });
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception
                        or FormatException or IOException)
                    {
                        Console.Error.WriteLine($"sockspec bench: cannot start {name}: {e.Message}");
                        return ExitCodes.UsageOrSetup;
                    }
                }
                List<BenchResult> results;
                try
                {
                    results = await BenchRunner.MeasureAllAsync(paths, target, o, Console.Error);
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException or InvalidOperationException or SocksProtocolException)
                {
                    // A path that stops working mid-run is a measurement failure, reported as such, not a crash.
                    Console.Error.WriteLine($"sockspec bench: measurement failed: {e.Message}");
                    return ExitCodes.Failed;
                }
                ct.ThrowIfCancellationRequested();
                Console.Out.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd} {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {o.Bytes >> 20} MiB each way in {o.Rounds} rounds, {o.Rounds} x {o.HandshakeDuration.TotalSeconds:0.#} s x {o.Concurrency} clients of handshakes (medians), {o.IdleConnections} idle connections");
                Console.Out.WriteLine();
                Console.Out.Write(BenchReport.Render(results));
                return ExitCodes.Ok;
            }
            finally
            {
                foreach (var p in paths) await p.DisposeAsync();
            }
        });
        return command;
    }

    /// <summary>
    /// How the roster starts a peer on this machine: its local form, else its exec command. A peer with credentials is
    /// refused: the benchmark's client does not log in, and a refused handshake would measure nothing.
    /// </summary>
    private static string PeerCommand(string rosterFile, string name)
    {
        var plan = Sockspec.Runner.Running.TargetsFile.Read(rosterFile);
        var spec = plan.Servers.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"no path '{name}': expected direct, sockspec or a server of {rosterFile} ({string.Join(", ", plan.Servers.Select(t => t.Name))})");
        if (spec.Credentials is not null) throw new ArgumentException($"{name} needs username/password, which the benchmark's client does not send");
        return spec.AsLocal()?.Exec ?? spec.Exec ?? throw new ArgumentException($"{name} has no local form or exec command in {rosterFile}; it cannot run as a local process");
    }

    /// <summary>The command line that runs this program, so the bench measures the build it belongs to.</summary>
    private static string[] SelfCommand()
    {
        var exe = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(exe) == "dotnet" ? [exe, typeof(BenchCommand).Assembly.Location] : [exe];
    }
}
