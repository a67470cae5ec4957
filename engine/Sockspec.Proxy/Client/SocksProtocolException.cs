using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// The proxy said no, or said something the protocol does not allow. Carries what the codec found (violations,
/// framing error) and the reply code (SOCKS5 REP, SOCKS4 CD, RFC 1929 STATUS), so a caller can tell a refusal from a
/// broken server. Derives from IOException, as a network failure should.
/// </summary>
public sealed class SocksProtocolException : IOException
{
    public SocksProtocolException(string message, ViolationSet violations = default, FramingError framing = FramingError.None,
        byte? replyCode = null, bool closed = false)
        : base(message)
    {
        Violations = violations;
        Framing = framing;
        ReplyCode = replyCode;
        Closed = closed;
    }

    /// <summary>Rules the server's message broke (empty for a plain refusal).</summary>
    public ViolationSet Violations { get; }

    /// <summary>Why the server's bytes could not be framed at all, if they could not.</summary>
    public FramingError Framing { get; }

    /// <summary>REP (SOCKS5 reply), CD (SOCKS4 reply) or STATUS (RFC 1929), when the server sent one that was not success.</summary>
    public byte? ReplyCode { get; }

    /// <summary>The server closed the connection before its message was complete.</summary>
    public bool Closed { get; }

    /// <summary>The first violation, for callers that want one value.</summary>
    public SocksViolation? Violation
    {
        get
        {
            foreach (var v in Violations) return v;
            return null;
        }
    }
}
