using System.CommandLine;
using System.Net;
using Sockspec.NetFuzz;
using Sockspec.Runner.Cases;
using Sockspec.Targets;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec fuzz`: grammar-aware, mutated, segmented SOCKS handshakes against a proxy on loopback (--target, --exec,
/// --docker, or the embedded reference proxy), watching for crashes, hangs and RSS growth; each finding is minimised
/// and saved under --out with a replay line. `--replay FILE` reruns one saved finding. Exit 0 no finding, 1 findings,
/// 2 usage or setup.
/// </summary>
public sealed class FuzzCommand : ISockspecCommand
{
    public Command Build()
    {
        var target = new Option<string?>("--target") { Description = "the proxy to fuzz, HOST:PORT on loopback (127.0.0.0/8 or ::1); with --exec: where it listens" };
        var exec = new Option<string?>("--exec") { Description = "start the proxy with this shell command ({port} becomes a free port); restarted after a crash, its RSS watched" };
        var seconds = new Option<double>("--seconds") { Description = "stop after this many seconds of fuzzing", DefaultValueFactory = _ => 60 };
        var cases = new Option<long>("--cases") { Description = "stop after this many cases", DefaultValueFactory = _ => 100_000_000 };
        var seed = new Option<int?>("--seed") { Description = "seed of the case sequence (default: from the clock, printed)" };
        var outDir = new Option<string>("--out") { Description = "folder for reproducers", DefaultValueFactory = _ => "fuzz-findings" };
        var user = new Option<string?>("--user") { Description = "RFC 1929 user name the proxy accepts (generated handshakes authenticate with it)" };
        var password = new Option<string?>("--password") { Description = "password for --user" };
        var concurrency = new Option<int>("--concurrency") { Description = "connections in flight", DefaultValueFactory = _ => 48 };
        var hangMs = new Option<int>("--hang-ms") { Description = "ms the proxy has after the client's FIN to answer or close", DefaultValueFactory = _ => 2000 };
        var rssMib = new Option<int>("--rss-growth-mib") { Description = "RSS growth of an --exec target that is a finding (0: off)", DefaultValueFactory = _ => 256 };
        var replay = new Option<string?>("--replay") { Description = "replay one reproducer file written by an earlier run and exit (1 when it reproduces)" };
        var docker = new DockerOptions();
        var command = new Command("fuzz", "Fuzz a SOCKS proxy on loopback with mutated handshakes; minimise and save findings")
        {
            target, exec, seconds, cases, seed, outDir, user, password, concurrency, hangMs, rssMib, replay,
        };
        docker.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(docker.Targets) is not null) return Usage("--targets is not supported by fuzz; fuzz one target at a time");
            if (parse.GetValue(user) is null != parse.GetValue(password) is null) return Usage("--user and --password go together");
            if (parse.GetValue(seconds) is not (> 0 and <= 7 * 24 * 3600)) return Usage("--seconds must be in (0, 604800]");
            if (parse.GetValue(cases) < 1) return Usage("--cases must be at least 1");
            if (parse.GetValue(concurrency) is < 1 or > 1024) return Usage("--concurrency must be in 1-1024");
            if (parse.GetValue(hangMs) is < 50 or > 600_000) return Usage("--hang-ms must be in 50-600000");
            int chosen = (parse.GetValue(exec) is null ? 0 : 1) + (docker.DockerGiven(parse) ? 1 : 0);
            if (chosen > 1 || docker.DockerGiven(parse) && parse.GetValue(target) is not null)
                return Usage("give one of --target, --exec (optionally with --target) and --docker");

            Reproducer? reproducer = null;
            if (parse.GetValue(replay) is { } file)
            {
                try
                {
                    reproducer = Reproducer.Read(file);
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    return Usage("--replay: " + e.Message);
                }
            }

            ITarget? under;
            string targetArgs;
            if (docker.DockerGiven(parse))
            {
                under = docker.CreateTarget(parse, out var error);
                if (under is null) return Usage(error);
                targetArgs = ReproducerArgs(parse, docker);
            }
            else
            {
                IPEndPoint? endPoint = null;
                if (parse.GetValue(target) is { } t)
                {
                    if (!EndpointTarget.TryParse(t, out endPoint, out var error)) return Usage("--target: " + error);
                    if (!IPAddress.IsLoopback(endPoint.Address)) return Usage($"--target: {endPoint.Address} is not loopback; sockspec fuzz only sends to 127.0.0.0/8 or ::1");
                }
                var credentials = parse.GetValue(user) is { } u ? new Credentials(u, parse.GetValue(password)!) : null;
                under = parse.GetValue(exec) is { } cmd ? new ExecTarget(cmd, endPoint, TimeSpan.FromSeconds(15))
                    : endPoint is not null ? new EndpointTarget(endPoint)
                    : new ReferenceTarget(credentials);
                targetArgs = under.ReproducerArgs;
            }
            if (parse.GetValue(user) is { } us) targetArgs += $" --user {Quote(us)} --password {Quote(parse.GetValue(password)!)}";

            var options = new FuzzOptions
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                MaxCases = parse.GetValue(cases),
                Seed = parse.GetValue(seed) ?? Environment.TickCount & 0x7fffffff,
                OutDir = parse.GetValue(outDir)!,
                User = parse.GetValue(user),
                Password = parse.GetValue(password),
                Concurrency = parse.GetValue(concurrency),
                HangDeadline = TimeSpan.FromMilliseconds(parse.GetValue(hangMs)),
                RssGrowthKib = Math.Max(0, parse.GetValue(rssMib)) * 1024L,
                TargetArgs = targetArgs.Trim(),
            };
            await using (under)
            {
                try
                {
                    await under.StartAsync(ct);
                    if (!IPAddress.IsLoopback(under.EndPoint.Address))
                        return Usage($"the target listens on {under.EndPoint}, not loopback; sockspec fuzz only sends to 127.0.0.0/8 or ::1");
                    if (reproducer is not null)
                        return await Replayer.ReplayAsync(under, reproducer, options, Console.Out, ct) is null ? ExitCodes.Ok : ExitCodes.Failed;
                    var summary = await new FuzzCampaign(under, options, Console.Out).RunAsync(ct);
                    return summary.Findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
                }
                catch (TargetSetupException e)
                {
                    Console.Error.WriteLine("sockspec fuzz: " + e.Message);
                    return ExitCodes.UsageOrSetup;
                }
            }
        });
        return command;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("sockspec fuzz: " + message);
        return ExitCodes.UsageOrSetup;
    }

    private static string ReproducerArgs(ParseResult parse, DockerOptions docker)
    {
        var args = new List<string> { "--docker", Quote(parse.GetValue(docker.Image)!) };
        foreach (var c in parse.GetValue(docker.Cmd) ?? []) args.AddRange(["--docker-cmd", Quote(c)]);
        foreach (var e in parse.GetValue(docker.Env) ?? []) args.AddRange(["--docker-env", Quote(e)]);
        if (parse.GetValue(docker.ProxyPort) is { } p) args.AddRange(["--proxy-port", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return string.Join(' ', args);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
