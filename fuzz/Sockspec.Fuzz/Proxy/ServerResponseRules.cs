using Sockspec.Codec;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// What a reference server may send back for a client stream it has wholly received: clean messages in protocol
/// order, a method only if it was offered, nothing after a refusal, and always an answer to a valid greeting.
/// Closing early (an empty or truncated response) is allowed where the client broke the protocol.
/// </summary>
public static class ServerResponseRules
{
    public static void Check(ReadOnlySpan<byte> stream, ReadOnlySpan<byte> response, bool requireAuth)
    {
        string Context(ReadOnlySpan<byte> s, ReadOnlySpan<byte> r) =>
            $"client sent {Convert.ToHexString(s)}, server sent {Convert.ToHexString(r)}";

        var context = Context(stream, response);
        switch (stream.IsEmpty ? -1 : stream[0])
        {
            case 5:
                CheckSocks5(stream, response, requireAuth, context);
                break;
            case 4:
                if (response.IsEmpty) return;
                var r4 = Socks4Reply.TryRead(response, out var reply4);
                FuzzFindingException.Check(r4.IsClean, $"SOCKS4 reply {r4} is not a clean reply; {context}");
                FuzzFindingException.Check(reply4.Granted || response.Length == 8, $"bytes after a SOCKS4 rejection; {context}");
                break;
            default:
                FuzzFindingException.Check(response.IsEmpty, $"server answered a stream that is neither SOCKS4 nor SOCKS5; {context}");
                break;
        }
    }

    private static void CheckSocks5(ReadOnlySpan<byte> stream, ReadOnlySpan<byte> response, bool requireAuth, string context)
    {
        var g = Socks5Greeting.TryRead(stream, out var greeting);
        if (response.IsEmpty)
        {
            FuzzFindingException.Check(!g.IsClean, $"server closed without a method selection after a valid greeting; {context}");
            return;
        }
        var rs = Socks5MethodSelection.TryRead(response, out var selection);
        FuzzFindingException.Check(rs.IsClean, $"method selection {rs} is not clean; {context}");
        byte m = selection.Method;
        FuzzFindingException.Check(m == 0xFF || (g.IsDone && greeting.Methods.Span.Contains(m)),
            $"server selected method 0x{m:X2}, which the client did not offer; {context}");
        FuzzFindingException.Check(m == 0xFF || m == (requireAuth ? 0x02 : 0x00),
            $"server selected method 0x{m:X2} (authentication {(requireAuth ? "required" : "not configured")}); {context}");
        var rest = response[2..];
        if (m == 0xFF)
        {
            FuzzFindingException.Check(rest.IsEmpty, $"bytes after METHOD FF; {context}");
            return;
        }
        if (m == 0x02 && !rest.IsEmpty)
        {
            var ru = UsernamePasswordResponse.TryRead(rest, out var auth);
            FuzzFindingException.Check(ru.IsClean, $"username/password response {ru} is not clean; {context}");
            rest = rest[2..];
            FuzzFindingException.Check(auth.Succeeded || rest.IsEmpty, $"bytes after an authentication failure; {context}");
        }
        if (rest.IsEmpty) return;
        var rr = Socks5Reply.TryRead(rest, out var reply);
        FuzzFindingException.Check(rr.IsClean, $"reply {rr} is not a clean reply; {context}");
        FuzzFindingException.Check(reply.Succeeded || rest.Length == rr.Consumed, $"bytes after a failure reply; {context}");
    }
}
