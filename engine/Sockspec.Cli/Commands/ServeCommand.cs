using System.CommandLine;
using System.Net;
using Sockspec.Proxy;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec serve`: runs the reference SOCKS4/4a/5 proxy. Prints `listening on ADDR:PORT` per endpoint on stdout once
/// it accepts connections, one log line per finished connection on stderr, and stops cleanly on Ctrl-C or SIGTERM.
/// Exit 2 for bad options or an address that cannot be bound.
/// </summary>
public sealed class ServeCommand : ISockspecCommand
{
    public Command Build()
    {
        var listen = new Option<string[]>("--listen") { Description = "ADDR:PORT to listen on (repeatable; port 0 picks a free port); default 127.0.0.1:1080", AllowMultipleArgumentsPerToken = false };
        var user = new Option<string?>("--user") { Description = "require RFC 1929 username/password with this user (with --password)" };
        var password = new Option<string?>("--password") { Description = "password for --user" };
        var users = new Option<string?>("--users") { Description = "file of user:password lines" };
        var allow = new Option<string[]>("--allow") { Description = "allowed destinations CIDR[:PORT[-PORT]] (repeatable); replaces the default, loopback only" };
        var deny = new Option<string[]>("--deny") { Description = "denied destinations CIDR[:PORT[-PORT]] (repeatable); deny wins over allow" };
        var openRelay = new Option<bool>("--allow-open-relay") { Description = "allow listening on a non-loopback address without authentication" };
        var maxConnections = new Option<int>("--max-connections") { Description = "connections beyond this are closed at once", DefaultValueFactory = _ => 10_000 };
        var handshake = new Option<double>("--handshake-timeout") { Description = "seconds for greeting, auth and request", DefaultValueFactory = _ => 10 };
        var connect = new Option<double>("--connect-timeout") { Description = "seconds for name resolution and outbound connect", DefaultValueFactory = _ => 5 };
        var idle = new Option<double>("--idle-timeout") { Description = "seconds a relay may be idle", DefaultValueFactory = _ => 300 };
        var bind = new Option<double>("--bind-timeout") { Description = "seconds a BIND waits for its inbound connection", DefaultValueFactory = _ => 60 };
        var relayPorts = new Option<string?>("--relay-ports") { Description = "MIN-MAX ports for BIND listeners and UDP relays (default: any)" };
        var noSocks4 = new Option<bool>("--no-socks4") { Description = "refuse SOCKS4/4a (they carry no password)" };
        var relayBuffer = new Option<int>("--relay-buffer-kib") { Description = "relay buffer per active direction, KiB (pooled; idle connections hold none)", DefaultValueFactory = _ => 64 };
        var noSplice = new Option<bool>("--no-splice") { Description = "copy relayed data through the process instead of splice(2)" };
        var quiet = new Option<bool>("--quiet") { Description = "no per-connection log lines" };

        var command = new Command("serve", "Run the reference SOCKS4/4a/5 proxy")
        {
            listen, user, password, users, allow, deny, openRelay, maxConnections, handshake, connect, idle, bind, relayPorts, noSocks4, relayBuffer, noSplice, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ServerOptions
            {
                AllowOpenRelay = parse.GetValue(openRelay),
                MaxConnections = parse.GetValue(maxConnections),
                HandshakeTimeout = Seconds(parse.GetValue(handshake)),
                ConnectTimeout = Seconds(parse.GetValue(connect)),
                IdleTimeout = Seconds(parse.GetValue(idle)),
                BindTimeout = Seconds(parse.GetValue(bind)),
                EnableSocks4 = !parse.GetValue(noSocks4),
                UseSplice = !parse.GetValue(noSplice),
                RelayBufferSize = Math.Clamp(parse.GetValue(relayBuffer), 0, 16 * 1024) * 1024,
            };
            foreach (var text in parse.GetValue(listen) ?? [])
            {
                if (!EndpointText.TryParse(text, out var ep)) return Fail($"--listen '{text}': expected ADDR:PORT");
                options.Listen.Add(ep);
            }
            string? u = parse.GetValue(user), p = parse.GetValue(password), file = parse.GetValue(users);
            if ((u is null) != (p is null)) return Fail("--user and --password go together");
            if (u is not null) options.Users[u] = p!;
            if (file is not null)
            {
                try
                {
                    foreach (var (name, pass) in UsersFile.Load(file)) options.Users[name] = pass;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    return Fail($"--users: {e.Message}");
                }
            }
            var allowed = parse.GetValue(allow) ?? [];
            if (allowed.Length > 0) options.Policy = new DestinationPolicy();
            foreach (var (texts, list) in new[] { (allowed, options.Policy.Allow), (parse.GetValue(deny) ?? [], options.Policy.Deny) })
            {
                foreach (var t in texts)
                {
                    if (!DestinationRule.TryParse(t, out var rule, out string? error)) return Fail(error!);
                    list.Add(rule);
                }
            }
            if (parse.GetValue(relayPorts) is { } range)
            {
                var parts = range.Split('-');
                if (parts.Length != 2 || !int.TryParse(parts[0], out int min) || !int.TryParse(parts[1], out int max))
                    return Fail("--relay-ports: expected MIN-MAX");
                options.RelayPortMin = min;
                options.RelayPortMax = max;
            }
            if (!parse.GetValue(quiet))
            {
                var err = TextWriter.Synchronized(Console.Error);
                options.Log = entry => err.WriteLine(entry.ToString());
            }

            using var stop = new StopSignal(ct);
            ReferenceServer server;
            try
            {
                server = await ReferenceServer.StartAsync(options, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException)
            {
                return Fail(e.Message);
            }
            await using (server)
            {
                foreach (var ep in server.Endpoints) Console.Out.WriteLine($"listening on {ep}");
                Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException) { }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static TimeSpan Seconds(double s) => s > 0 && s < 1e6 ? TimeSpan.FromSeconds(s) : TimeSpan.Zero;

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sockspec serve: {message}");
        return ExitCodes.UsageOrSetup;
    }
}
