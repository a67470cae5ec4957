using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The reference client (<see cref="SocksClient"/>) against a fake proxy on loopback that answers with arbitrary bytes
/// in arbitrary segments and then half-closes. Input: byte 0 picks the client (SOCKS5, SOCKS5 with username/password,
/// SOCKS4, SOCKS4a), byte 1 seeds the segmenting, the rest is what the "proxy" sends. The client must either succeed,
/// only when the bytes hold a granting reply, or throw its documented <see cref="SocksProtocolException"/>.
/// </summary>
public sealed class ClientReplyTarget : IFuzzTarget
{
    private static readonly Lazy<Socket> Listener = new(LoopbackPeer.Listen);

    public string Name => "client-reply";

    public int MaxInputLength => 1024;

    public IEnumerable<byte[]> Seeds()
    {
        var ok = Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.Parse("127.0.0.1"), 1080));
        var refused = Seed.Of(new Socks5Reply(Socks5Rep.ConnectionRefused, SocksAddress.IPv4Any, 0));
        var byName = Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromDomain("proxy"), 1080));
        return
        [
            Seed.Concat([0, 0], Seed.Of(new Socks5MethodSelection(0x00)), ok),
            Seed.Concat([0, 3], Seed.Of(new Socks5MethodSelection(0x00)), refused),
            Seed.Concat([0, 0], Seed.Of(new Socks5MethodSelection(0xFF))),
            Seed.Concat([1, 5], Seed.Of(new Socks5MethodSelection(0x02)), Seed.Of(new UsernamePasswordResponse(0)), byName),
            Seed.Concat([1, 0], Seed.Of(new Socks5MethodSelection(0x02)), Seed.Of(new UsernamePasswordResponse(1))),
            Seed.Concat([2, 0], Seed.Of(new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000001, 1080))),
            Seed.Concat([3, 2], Seed.Of(new Socks4Reply(Socks4Cd.RequestRejectedOrFailed))),
        ];
    }

    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2) return;
        int mode = data[0] & 3;
        byte seed = data[1];
        var answer = data[2..].ToArray();
        var listener = Listener.Value;
        BugClassExceptions.Install();
        BugClassExceptions.Clear();
        var client = new SocksClient(listener.LocalEndPoint!, mode switch { 0 or 1 => SocksVersion.Socks5, 2 => SocksVersion.Socks4, _ => SocksVersion.Socks4a })
        {
            UserName = mode == 1 ? "user" : null,
            Password = mode == 1 ? "pass" : null,
            Timeout = LoopbackPeer.CloseDeadline,
        };
        // SOCKS4 (not 4a) resolves names itself, so it is always given an IP.
        var destination = mode == 3 ? SocksAddress.FromDomain("destination.invalid") : SocksAddress.Parse("127.0.0.1");
        var call = client.ConnectAsync(destination, 9);

        using (var proxy = listener.Accept())
        {
            try
            {
                LoopbackPeer.SendSegments(proxy, answer, seed);
                proxy.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client may close first (it has seen enough); that is its right.
            }
            // The proxy socket stays open (unread client bytes and all) until the client is done, so that the client's
            // writes never meet a reset: what it does with the answer and the FIN alone is under test.
            FuzzFindingException.Check(((IAsyncResult)call).AsyncWaitHandle.WaitOne(LoopbackPeer.CloseDeadline),
                $"client still waiting {LoopbackPeer.CloseDeadline.TotalSeconds} s after the proxy sent {Convert.ToHexString(answer)} and closed (mode {mode})");
        }

        try
        {
            using var connection = call.GetAwaiter().GetResult();
            BugClassExceptions.ThrowIfAny($"proxy answer {Convert.ToHexString(answer)} (mode {mode})");
            FuzzFindingException.Check(Grants(mode, answer),
                $"client accepted a proxy answer that grants nothing: {Convert.ToHexString(answer)} (mode {mode})");
        }
        catch (SocksProtocolException)
        {
            // The documented way to refuse a proxy's answer; but not by way of a swallowed bug.
            BugClassExceptions.ThrowIfAny($"proxy answer {Convert.ToHexString(answer)} (mode {mode})");
        }
        catch (Exception e) when (e is not FuzzFindingException)
        {
            throw new FuzzFindingException(
                $"client threw {e.GetType().Name} (not SocksProtocolException) for proxy answer {Convert.ToHexString(answer)} (mode {mode}): {e}");
        }
    }

    /// <summary>Whether the bytes, read as the protocol the mode speaks, end in a granting reply.</summary>
    private static bool Grants(int mode, ReadOnlySpan<byte> answer)
    {
        if (mode >= 2) return Socks4Reply.TryRead(answer, out var r4).IsDone && r4.Granted;
        if (!Socks5MethodSelection.TryRead(answer, out var sel).IsDone) return false;
        var rest = answer[2..];
        if (sel.Method == 0x02)
        {
            if (mode != 1 || !UsernamePasswordResponse.TryRead(rest, out var up).IsDone || !up.Succeeded) return false;
            rest = rest[2..];
        }
        else if (sel.Method != 0x00)
        {
            return false;
        }
        return Socks5Reply.TryRead(rest, out var reply).IsDone && reply.Succeeded;
    }
}
