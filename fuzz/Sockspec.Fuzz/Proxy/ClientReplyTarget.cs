using System.Net;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The reference client's handshake (<see cref="SocksClient.HandshakeAsync"/>) against a scripted proxy in memory
/// (<see cref="ScriptedProxyStream"/>) that answers with arbitrary bytes in arbitrary segments and then ends the
/// stream. Input: byte 0 picks the client (SOCKS5, SOCKS5 with username/password, SOCKS4, SOCKS4a), byte 1 seeds the
/// segmenting, the rest is what the "proxy" sends. The client must either succeed, only when the bytes hold a
/// granting reply and having read exactly up to its end, or throw its documented <see cref="SocksProtocolException"/>;
/// and it must be done when the script is spent, since nothing else can wake it.
/// (Until 2026-12-05 this target went through a loopback socket to a fake proxy: 3,000-6,000 exec/s, and TCP could
/// merge the fuzzed segments. The socket path around the handshake, connect and NetworkStream, is the runtime's.)
/// </summary>
public sealed class ClientReplyTarget : IFuzzTarget
{
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
        BugClassExceptions.Install();
        BugClassExceptions.Clear();
        // The endpoint is never dialled: HandshakeAsync talks to the scripted stream only.
        var client = new SocksClient(new IPEndPoint(IPAddress.Loopback, 9), mode switch { 0 or 1 => SocksVersion.Socks5, 2 => SocksVersion.Socks4, _ => SocksVersion.Socks4a })
        {
            UserName = mode == 1 ? "user" : null,
            Password = mode == 1 ? "pass" : null,
            Timeout = LoopbackPeer.CloseDeadline,
        };
        // SOCKS4 (not 4a) resolves names itself, so it is always given an IP.
        var destination = mode == 3 ? SocksAddress.FromDomain("destination.invalid") : SocksAddress.Parse("127.0.0.1");
        var proxy = new ScriptedProxyStream(Segments.Split(answer, seed));
        var call = client.HandshakeAsync(proxy, 1, destination, 9);
        FuzzFindingException.Check(((IAsyncResult)call).AsyncWaitHandle.WaitOne(LoopbackPeer.CloseDeadline),
            $"client still waiting {LoopbackPeer.CloseDeadline.TotalSeconds} s after the proxy sent {Convert.ToHexString(answer)} and closed (mode {mode})");

        try
        {
            call.GetAwaiter().GetResult();
            BugClassExceptions.ThrowIfAny($"proxy answer {Convert.ToHexString(answer)} (mode {mode})");
            int? granted = GrantingLength(mode, answer);
            FuzzFindingException.Check(granted is not null,
                $"client accepted a proxy answer that grants nothing: {Convert.ToHexString(answer)} (mode {mode})");
            FuzzFindingException.Check(proxy.BytesRead == granted,
                $"client read {proxy.BytesRead} bytes of a proxy answer whose granting reply ends at {granted}: {Convert.ToHexString(answer)} (mode {mode})");
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

    /// <summary>
    /// Where the handshake ends when the bytes, read as the protocol the mode speaks, hold a granting reply (null when
    /// they do not): the client must have read exactly that much.
    /// </summary>
    public static int? GrantingLength(int mode, ReadOnlySpan<byte> answer)
    {
        if (mode >= 2)
        {
            var r4 = Socks4Reply.TryRead(answer, out var reply4);
            return r4.IsDone && reply4.Granted ? r4.Consumed : null;
        }
        if (!Socks5MethodSelection.TryRead(answer, out var sel).IsDone) return null;
        int at = 2;
        if (sel.Method == 0x02)
        {
            if (mode != 1 || !UsernamePasswordResponse.TryRead(answer[at..], out var up).IsDone || !up.Succeeded) return null;
            at += 2;
        }
        else if (sel.Method != 0x00)
        {
            return null;
        }
        var r5 = Socks5Reply.TryRead(answer[at..], out var reply);
        return r5.IsDone && reply.Succeeded ? at + r5.Consumed : null;
    }
}
