using System.CommandLine;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec roster list|start`: the roster's entries for scripts, and one server entry started on its own. Whatever
/// needs a real implementation running (the golden-vector recorder, a user poking at dante by hand) starts it through
/// here, so that the roster stays the only place that says how each implementation runs.
/// </summary>
public sealed class RosterCommand : ISockspecCommand
{
    private const string DefaultRoster = "engine/targets/roster.json";

    public Command Build()
    {
        var listFile = RosterOption();
        var kind = new Option<string>("--kind") { Description = "server, client or all", DefaultValueFactory = _ => "all" };
        kind.AcceptOnlyFromAmong("server", "client", "all");
        var list = new Command("list", "One tab-separated line per entry: name, kind, how `roster start` runs it, user, password, description (with the installed version)")
        {
            listFile, kind,
        };
        list.SetAction(parse =>
        {
            if (Read(parse.GetValue(listFile)!) is not { } plan) return ExitCodes.UsageOrSetup;
            string k = parse.GetValue(kind)!;
            foreach (var t in plan.Targets.Where(t => k == "all" || (k == "client") == (t.Kind == TargetKind.Client)))
            {
                var runs = t.Kind == TargetKind.Client ? t.RanAs : (t.AsLocal() ?? t).RanAs;
                Console.Out.WriteLine(string.Join('\t', t.Name, t.Kind == TargetKind.Client ? "client" : "server", runs,
                    t.Credentials?.User ?? "", t.Credentials?.Password ?? "", PackageVersion.Describe(t)));
            }
            return ExitCodes.Ok;
        });

        var startFile = RosterOption();
        var name = new Argument<string>("name") { Description = "a server entry of the roster" };
        var container = new Option<bool>("--container") { Description = "run the container form even where a local form exists (needs DOCKER_HOST)" };
        var start = new Command("start", "Start one server entry (its local form, else how the roster runs it), print `listening on ADDR:PORT`, and keep it running until SIGTERM or Ctrl-C; exit 1 if it dies first")
        {
            startFile, name, container,
        };
        start.SetAction(async (parse, ct) =>
        {
            if (Read(parse.GetValue(startFile)!) is not { } plan) return ExitCodes.UsageOrSetup;
            string wanted = parse.GetValue(name)!;
            if (plan.Servers.FirstOrDefault(t => t.Name == wanted) is not { } spec)
                return Fail($"no server entry '{wanted}' (there are: {string.Join(", ", plan.Servers.Select(t => t.Name))})");
            if (!parse.GetValue(container)) spec = spec.AsLocal() ?? spec;
            if (spec.Address is not null && spec.Exec is null && spec.Docker is null && !spec.Reference)
                return Fail($"{wanted} is an address ({spec.Address}): there is nothing to start");

            using var stop = new StopSignal(ct);
            await using var target = TargetFactory.Create(spec, plan.DockerHost, DockerOptions.StartTimeout);
            try
            {
                await target.StartAsync(stop.Token);
            }
            catch (TargetSetupException e)
            {
                return Fail($"{wanted} did not start: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
            Console.Out.WriteLine($"listening on {target.EndPoint}");
            Console.Out.Flush();
            // The roster entry is a live process or container: a death before the stop signal is the caller's news.
            while (!stop.Token.IsCancellationRequested)
            {
                if (target.Crashed is { } why)
                {
                    Console.Error.WriteLine($"sockspec roster start: {wanted}: {why}");
                    return ExitCodes.Failed;
                }
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), stop.Token);
                }
                catch (OperationCanceledException) { }
            }
            return ExitCodes.Ok;
        });

        return new Command("roster", "The roster of real implementations: list its entries, start one") { list, start };
    }

    private static Option<string> RosterOption() =>
        new("--targets") { Description = "the roster (targets file)", DefaultValueFactory = _ => DefaultRoster };

    private static TargetsPlan? Read(string file)
    {
        try
        {
            return TargetsFile.Read(file);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Fail(e.Message);
            return null;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sockspec roster: {message}");
        return ExitCodes.UsageOrSetup;
    }
}
