using System.CommandLine;
using System.Net;
using Sockspec.Vectors;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec record --listen ADDR:PORT --upstream HOST:PORT --out DIR [--label TEXT] [--meta KEY=VALUE]...`: a
/// transparent loopback relay between a real client and a real proxy that writes each connection as a vector file
/// (segments as they crossed the wire plus the codec's decode). Prints `listening on ADDR:PORT` once it accepts.
/// </summary>
public sealed class RecordCommand : ISockspecCommand
{
    public Command Build()
    {
        var listen = new Option<string>("--listen") { Description = "loopback address to listen on, ADDR:PORT (port 0 picks one)", DefaultValueFactory = _ => "127.0.0.1:0" };
        var upstream = new Option<string>("--upstream") { Description = "the proxy to relay to, HOST:PORT on loopback", Required = true };
        var outDir = new Option<string>("--out") { Description = "directory the vectors are written under", Required = true };
        var label = new Option<string>("--label") { Description = "vector id of the first connection (e.g. dante/curl-socks5); later ones get -2, -3, ...", DefaultValueFactory = _ => "recorded" };
        var meta = new Option<string[]>("--meta") { Description = "provenance header KEY=VALUE (implementation, version, client, command, ...); repeatable", AllowMultipleArgumentsPerToken = false };
        var maxBytes = new Option<int>("--max-bytes") { Description = "bytes recorded per direction", DefaultValueFactory = _ => 4096 };
        var window = new Option<double>("--window") { Description = "seconds after accept when a connection's vector is written at the latest", DefaultValueFactory = _ => 5 };
        var count = new Option<int>("--count") { Description = "exit after recording this many connections (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var timeout = new Option<double>("--timeout") { Description = "exit (status 1) if --count connections have not been recorded within this many seconds (0: never)", DefaultValueFactory = _ => 0 };

        var command = new Command("record", "Relay a real client to a real proxy on loopback and record each connection as a vector")
        {
            listen, upstream, outDir, label, meta, maxBytes, window, count, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var listenEp)) return Fail("--listen must be ADDR:PORT");
            if (!TryUpstream(parse.GetValue(upstream)!, out var upEp)) return Fail("--upstream must be HOST:PORT on loopback (localhost, 127.x, ::1)");
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var m in parse.GetValue(meta) ?? [])
            {
                int eq = m.IndexOf('=');
                if (eq <= 0 || m[..eq].Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))) return Fail($"--meta '{m}' must be KEY=VALUE (key: letters, digits, -)");
                headers.Add(new(m[..eq], m[(eq + 1)..]));
            }
            if (parse.GetValue(maxBytes) is < 1 or > 1 << 20) return Fail("--max-bytes must be 1..1048576");
            if (parse.GetValue(window) is <= 0 or > 600) return Fail("--window must be in (0, 600] seconds");
            VectorRecorder recorder;
            try
            {
                recorder = VectorRecorder.Start(new RecorderOptions
                {
                    Listen = listenEp,
                    Upstream = upEp,
                    OutDir = parse.GetValue(outDir)!,
                    Label = parse.GetValue(label)!,
                    Headers = headers,
                    MaxBytesPerDirection = parse.GetValue(maxBytes),
                    RecordWindow = TimeSpan.FromSeconds(parse.GetValue(window)),
                    StopAfter = Math.Max(0, parse.GetValue(count)),
                });
            }
            catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException)
            {
                return Fail(e.Message);
            }
            await using (recorder)
            {
                Console.Out.WriteLine($"listening on {recorder.Endpoint}");
                Console.Out.Flush();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                double limit = parse.GetValue(timeout);
                if (limit > 0) stop.CancelAfter(TimeSpan.FromSeconds(limit));
                bool completed;
                try
                {
                    await (parse.GetValue(count) > 0 ? recorder.Completion : Task.Delay(Timeout.Infinite)).WaitAsync(stop.Token);
                    completed = true;
                }
                catch (OperationCanceledException) { completed = ct.IsCancellationRequested; }
                await recorder.DisposeAsync();
                lock (recorder.Written) foreach (var p in recorder.Written) Console.Out.WriteLine($"wrote {p}");
                lock (recorder.Errors) foreach (var e in recorder.Errors) Console.Error.WriteLine($"sockspec record: could not write {e}");
                return completed && recorder.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            }
        });
        return command;
    }

    private static bool TryUpstream(string s, out IPEndPoint ep)
    {
        ep = null!;
        int colon = s.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(s[(colon + 1)..], out ushort port) || port == 0) return false;
        string host = s[..colon].Trim('[', ']');
        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var a) ? a : null;
        if (ip is null || !IPAddress.IsLoopback(ip)) return false;
        ep = new IPEndPoint(ip, port);
        return true;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sockspec record: {message}");
        return ExitCodes.UsageOrSetup;
    }
}
