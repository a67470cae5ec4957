using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>What a server answered at each step of a dialog, in terms two servers can be compared on.</summary>
public sealed record Answers(byte? Method, bool? LoginAccepted, Outcome? Reply, byte? ReplyCode)
{
    public override string ToString() =>
        $"method {(Method is { } m ? m.ToString("x2") : "-")}, login {(LoginAccepted is { } l ? (l ? "ok" : "refused") : "-")}, " +
        $"reply {(Reply?.ToString() ?? "-")}{(ReplyCode is { } c ? $" ({c})" : "")}";
}

public enum Outcome { Succeeded, Failed, ClosedWithoutReply }

/// <summary>
/// Feeds the client side of a recorded dialog to a live server, one client message at a time, reading each answer
/// with the codec under a deadline. The recording's destination no longer exists, so a CONNECT is pointed at a live
/// listener, or at a closed port when the vector's "destination" header says the recorded one was closed (what the
/// destination really was, not what the recorded server claimed).
/// </summary>
public static class DialogReplay
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>What the recorded server answered, from the vector's decode.</summary>
    public static Answers Recorded(Vector v)
    {
        var entries = DialogDecoder.Decode(v);
        byte? method = null, code = null;
        bool? login = null;
        Outcome? reply = null;
        var server = v.Stream(Direction.ServerToClient);
        foreach (var e in entries.Where(e => e.Kind == EntryKind.Message && e.Direction == Direction.ServerToClient))
        {
            var bytes = server.AsSpan(e.Offset, e.Length);
            if (e.Name == Socks5MethodSelection.Name) method = bytes[1];
            else if (e.Name == UsernamePasswordResponse.Name) login = bytes[1] == 0;
            else if (reply is null && e.Name == Socks5Reply.Name) (reply, code) = (bytes[1] == 0 ? Outcome.Succeeded : Outcome.Failed, bytes[1]);
            else if (reply is null && e.Name == Socks4Reply.Name) (reply, code) = (bytes[1] == 90 ? Outcome.Succeeded : Outcome.Failed, bytes[1]);
        }
        bool requestSent = entries.Any(e => e.Kind == EntryKind.Message && e.Name is "SOCKS5 request" or "SOCKS4 request");
        if (requestSent && reply is null) reply = Outcome.ClosedWithoutReply;
        return new Answers(method, login, reply, code);
    }

    /// <summary>Replays the client's messages to <paramref name="server"/> and collects its answers.</summary>
    public static async Task<Answers> ReplayAsync(Vector v, IPEndPoint server, IPEndPoint live, int closedPort, CancellationToken ct)
    {
        var recorded = Recorded(v);
        var client = v.Stream(Direction.ClientToServer);
        var messages = DialogDecoder.Decode(v).Where(e => e.Kind == EntryKind.Message && e.Direction == Direction.ClientToServer).ToList();
        using var s = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(server, ct);
        var inbox = new List<byte>();
        byte? method = null, code = null;
        bool? login = null;
        Outcome? reply = null;
        foreach (var m in messages)
        {
            var bytes = client[m.Offset..(m.Offset + m.Length)];
            bool refused = v.Header("destination")?.StartsWith("closed", StringComparison.Ordinal) == true;
            if (m.Name == Socks5Request.Name) bytes = Redirect5(bytes, refused, live, closedPort);
            else if (m.Name == Socks4Request.Name) bytes = Redirect4(bytes, refused, live, closedPort);
            try { await s.SendAsync(bytes, ct); }
            catch (SocketException) { return new Answers(method, login, reply ?? Outcome.ClosedWithoutReply, code); }
            switch (m.Name)
            {
                case var n when n == Socks5Greeting.Name:
                    if (await ReadAsync<Socks5MethodSelection>(s, inbox, ct) is not { } sel) return new Answers(null, null, null, null);
                    method = sel.Method;
                    break;
                case var n when n == UsernamePasswordRequest.Name:
                    if (await ReadAsync<UsernamePasswordResponse>(s, inbox, ct) is not { } resp) return new Answers(method, null, null, null);
                    login = resp.Status == 0;
                    break;
                case var n when n == Socks5Request.Name:
                    var r5 = await ReadAsync<Socks5Reply>(s, inbox, ct);
                    (reply, code) = r5 is { } r ? (r.Rep == 0 ? Outcome.Succeeded : Outcome.Failed, r.Rep) : (Outcome.ClosedWithoutReply, (byte?)null);
                    break;
                case var n when n == Socks4Request.Name:
                    var r4 = await ReadAsync<Socks4Reply>(s, inbox, ct);
                    (reply, code) = r4 is { } q ? (q.Cd == 90 ? Outcome.Succeeded : Outcome.Failed, q.Cd) : (Outcome.ClosedWithoutReply, (byte?)null);
                    break;
            }
        }
        return new Answers(method, login, reply, code);
    }

    /// <summary>
    /// Consistent: the same method selected; a login accepted by both or refused by both; a request that succeeded
    /// with both or failed with both (a failure reply or a close), and when the recording says "connection refused"
    /// (REP 05, or SOCKS4 91 for a closed port) the reference says the same code.
    /// </summary>
    public static string? Inconsistency(Answers recorded, Answers reference)
    {
        if (recorded.Method != reference.Method) return "method selection differs";
        if (recorded.LoginAccepted != reference.LoginAccepted) return "login outcome differs";
        if (recorded.Reply is null) return reference.Reply is null ? null : "reference answered a request the recording never reached";
        bool ok = recorded.Reply == Outcome.Succeeded, refOk = reference.Reply == Outcome.Succeeded;
        if (ok != refOk) return "request outcome differs";
        if (recorded.Reply == Outcome.Failed && recorded.ReplyCode is 5 && reference.ReplyCode != 5) return "refused with a different code";
        return null;
    }

    private static async Task<T?> ReadAsync<T>(Socket s, List<byte> inbox, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Deadline);
        var buf = new byte[512];
        while (true)
        {
            var r = T.TryRead(inbox.ToArray(), out var m);
            if (r.Status == ReadStatus.Done)
            {
                inbox.RemoveRange(0, r.Consumed);
                return m;
            }
            if (r.Status == ReadStatus.Invalid || inbox.Count > T.MaxLength) return null;
            int n;
            try { n = await s.ReceiveAsync(buf, deadline.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { return null; }
            if (n == 0) return null;
            inbox.AddRange(buf.AsSpan(0, n));
        }
    }

    private static byte[] Redirect5(byte[] bytes, bool refused, IPEndPoint live, int closedPort)
    {
        Socks5Request.TryRead(bytes, out var m);
        if (m.Cmd != (byte)Socks5Command.Connect) return bytes;
        var port = refused ? (ushort)closedPort : (ushort)live.Port;
        var addr = m.DstAddr.Atyp == (byte)AddressType.DomainName ? m.DstAddr
            : m.DstAddr.Atyp == (byte)AddressType.IPv6 ? SocksAddress.FromIPAddress(IPAddress.IPv6Loopback)
            : SocksAddress.FromIPAddress(IPAddress.Loopback);
        var changed = m with { DstAddr = addr, DstPort = port };
        var result = new byte[Socks5Request.GetLength(changed)];
        Socks5Request.TryWrite(changed, result, out _);
        return result;
    }

    private static byte[] Redirect4(byte[] bytes, bool refused, IPEndPoint live, int closedPort)
    {
        Socks4Request.TryRead(bytes, out var m);
        if (m.Cd != (byte)Socks4Command.Connect) return bytes;
        var changed = m with
        {
            DstPort = refused ? (ushort)closedPort : (ushort)live.Port,
            DstIp = m.IsSocks4a ? m.DstIp : 0x7F000001,
        };
        var result = new byte[Socks4Request.GetLength(changed)];
        Socks4Request.TryWrite(changed, result, out _);
        return result;
    }
}
