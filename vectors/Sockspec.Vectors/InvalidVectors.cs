using Sockspec.Codec;

namespace Sockspec.Vectors;

/// <summary>
/// The invalid vectors: for every <see cref="SocksViolation"/> and every <see cref="FramingError"/>, a recorded vector
/// with one field of one message changed through the codec's writer, cut after that message, and the violation it
/// must raise in its header. Sources are chosen from the recorded set by what they contain (a clean dialog with the
/// needed message), the first in ID order, so regenerating from the same recorded set gives the same files.
/// </summary>
public static class InvalidVectors
{
    private sealed record Rule(string Name, Expectation Expect, Func<Vector, IReadOnlyList<DialogEntry>, bool> Fits, string Change,
        Func<Vector, IReadOnlyList<DialogEntry>, (List<Segment> Segments, Protocol Protocol)> Make);

    public static IReadOnlyList<Vector> Generate(IReadOnlyList<Vector> recorded)
    {
        var decoded = recorded.OrderBy(v => v.Id, StringComparer.Ordinal)
            .Select(v => (Vector: v, Entries: DialogDecoder.Decode(v)))
            .Where(x => IsClean(x.Entries))
            .ToList();
        var result = new List<Vector>();
        foreach (var rule in Rules())
        {
            var source = decoded.FirstOrDefault(x => rule.Fits(x.Vector, x.Entries));
            if (source.Vector is null) throw new InvalidOperationException($"no recorded vector fits invalid vector '{rule.Name}'");
            var (segments, protocol) = rule.Make(source.Vector, source.Entries);
            var headers = new List<KeyValuePair<string, string>>
            {
                new(Vector.ExpectKey, rule.Expect.ToString()),
                new("derived-from", source.Vector.Id),
                new("change", rule.Change),
                new("generated", "sockspec-vectors generate-invalid (InvalidVectors.cs)"),
            };
            result.Add(new Vector(rule.Name, protocol, headers, segments));
        }
        return result;
    }

    private static bool IsClean(IReadOnlyList<DialogEntry> entries) =>
        entries.All(e => e.Violations.IsEmpty && e.Kind is not (EntryKind.FramingError or EntryKind.Truncated));

    private static DialogEntry? Find(IReadOnlyList<DialogEntry> es, Direction d, string name, int nth = 0) =>
        es.Where(e => e.Kind == EntryKind.Message && e.Direction == d && e.Name == name).Skip(nth).FirstOrDefault();

    private static T Read<T>(Vector v, DialogEntry e) where T : struct, ISocksMessage<T>
    {
        T.TryRead(v.Stream(e.Direction).AsSpan(e.Offset, e.Length), out var m);
        return m;
    }

    /// <summary>One field of the named message changed; the vector is cut after it.</summary>
    private static Rule Field<T>(string name, Expectation expect, Direction d, string change, Func<T, T> edit,
        Func<T, bool>? sourceHas = null, Protocol? protocol = null) where T : struct, ISocksMessage<T> =>
        new(name, expect,
            (v, es) => (protocol is null || v.Protocol == protocol) && Find(es, d, T.Name) is { } e && (sourceHas is null || sourceHas(Read<T>(v, e))),
            change,
            (v, es) =>
            {
                var e = Find(es, d, T.Name)!;
                var bytes = VectorEdit.Rewrite(v, e, edit);
                return (VectorEdit.Splice(v.Segments, d, e.Offset, e.Length, bytes), v.Protocol);
            });

    private const Direction C = Direction.ClientToServer;
    private const Direction S = Direction.ServerToClient;

    private static IEnumerable<Rule> Rules()
    {
        bool IsDomain(SocksAddress a) => a.Atyp == (byte)AddressType.DomainName;
        bool IsIPv4(SocksAddress a) => a.Atyp == (byte)AddressType.IPv4;

        yield return Field<Socks5Greeting>("greeting-version-not-five", Expectation.Of(SocksViolation.GreetingVersionNotFive), C,
            "greeting VER 05 -> 06", m => m with { Ver = 6 });
        yield return Field<Socks5Greeting>("greeting-no-methods", Expectation.Of(SocksViolation.GreetingNoMethods), C,
            "greeting NMETHODS -> 0 and METHODS emptied", m => m with { NMethods = 0, Methods = default });
        yield return Field<Socks5MethodSelection>("method-selection-version-not-five", Expectation.Of(SocksViolation.MethodSelectionVersionNotFive), S,
            "method selection VER 05 -> 04", m => m with { Ver = 4 });
        yield return Field<UsernamePasswordRequest>("userpass-version-not-one", Expectation.Of(SocksViolation.UserPassVersionNotOne), C,
            "username/password request VER 01 -> 05 (a known real-world mistake)", m => m with { Ver = 5 });
        yield return Field<UsernamePasswordRequest>("userpass-empty-username", Expectation.Of(SocksViolation.UserPassEmptyUsername), C,
            "ULEN -> 0 and UNAME emptied", m => m with { ULen = 0, UName = default });
        yield return Field<UsernamePasswordRequest>("userpass-empty-password", Expectation.Of(SocksViolation.UserPassEmptyPassword), C,
            "PLEN -> 0 and PASSWD emptied", m => m with { PLen = 0, Passwd = default });
        yield return Field<UsernamePasswordResponse>("userpass-response-version-not-one", Expectation.Of(SocksViolation.UserPassResponseVersionNotOne), S,
            "username/password response VER 01 -> 05", m => m with { Ver = 5 });
        yield return Field<Socks5Request>("request-version-not-five", Expectation.Of(SocksViolation.RequestVersionNotFive), C,
            "request VER 05 -> 04", m => m with { Ver = 4 });
        yield return Field<Socks5Request>("request-unknown-command", Expectation.Of(SocksViolation.RequestUnknownCommand), C,
            "request CMD -> 04 (unassigned)", m => m with { Cmd = 4 });
        yield return Field<Socks5Request>("request-reserved-not-zero", Expectation.Of(SocksViolation.RequestReservedNotZero), C,
            "request RSV 00 -> 01", m => m with { Rsv = 1 });
        yield return Field<Socks5Request>("empty-domain-name", Expectation.Of(SocksViolation.EmptyDomainName), C,
            "request DST.ADDR domain name emptied (length 0)", m => m with { DstAddr = new SocksAddress((byte)AddressType.DomainName, []) },
            m => IsDomain(m.DstAddr));
        yield return Field<Socks5Request>("domain-name-contains-nul", Expectation.Of(SocksViolation.DomainNameContainsNul), C,
            "request DST.ADDR domain name gets a NUL appended", m => m with { DstAddr = new SocksAddress(m.DstAddr.Atyp, [.. m.DstAddr.Bytes.Span, 0]) },
            m => IsDomain(m.DstAddr));
        yield return Field<Socks5Request>("unknown-address-type", Expectation.Of(FramingError.UnknownAddressType), C,
            "request ATYP 01 -> 02 (unassigned; the address octets stay)", m => m with { DstAddr = new SocksAddress(2, m.DstAddr.Bytes.Span) },
            m => IsIPv4(m.DstAddr));
        yield return Field<Socks5Reply>("reply-version-not-five", Expectation.Of(SocksViolation.ReplyVersionNotFive), S,
            "reply VER 05 -> 04", m => m with { Ver = 4 });
        yield return Field<Socks5Reply>("reply-unassigned-code", Expectation.Of(SocksViolation.ReplyUnassignedCode), S,
            "reply REP -> 09 (unassigned)", m => m with { Rep = 9 });
        yield return Field<Socks5Reply>("reply-reserved-not-zero", Expectation.Of(SocksViolation.ReplyReservedNotZero), S,
            "reply RSV 00 -> 01", m => m with { Rsv = 1 });
        yield return UdpReserved();
        yield return Field<Socks4Request>("socks4-version-not-four", Expectation.Of(SocksViolation.Socks4VersionNotFour), C,
            "SOCKS4 request VN 04 -> 03", m => m with { Vn = 3 });
        yield return Field<Socks4Request>("socks4-unknown-command", Expectation.Of(SocksViolation.Socks4UnknownCommand), C,
            "SOCKS4 request CD -> 03 (unassigned)", m => m with { Cd = 3 });
        yield return Field<Socks4Request>("socks4-destination-unspecified", Expectation.Of(SocksViolation.Socks4DestinationUnspecified), C,
            "SOCKS4 request DSTIP -> 0.0.0.0", m => m with { DstIp = 0 }, m => !m.IsSocks4a);
        yield return Field<Socks4Request>("socks4a-empty-hostname", Expectation.Of(SocksViolation.Socks4aEmptyHostname), C,
            "SOCKS4a request hostname emptied (NUL right after USERID's NUL)", m => m with { Hostname = default }, m => m.IsSocks4a);
        yield return Field<Socks4Reply>("socks4-reply-version-not-zero", Expectation.Of(SocksViolation.Socks4ReplyVersionNotZero), S,
            "SOCKS4 reply VN 00 -> 04 (a known real-world mistake)", m => m with { Vn = 4 });
        yield return Field<Socks4Reply>("socks4-reply-unassigned-code", Expectation.Of(SocksViolation.Socks4ReplyUnassignedCode), S,
            "SOCKS4 reply CD -> 89 (unassigned)", m => m with { Cd = 89 });
        yield return TooLong("socks4-userid-too-long", FramingError.UserIdTooLong, hostname: false);
        yield return TooLong("socks4a-hostname-too-long", FramingError.HostnameTooLong, hostname: true);
        yield return Gss("gssapi-version-not-one", SocksViolation.GssApiVersionNotOne, "VER 01 -> 02", m => m with { Ver = 2 });
        yield return Gss("gssapi-unknown-message-type", SocksViolation.GssApiUnknownMessageType, "MTYP 01 -> 04 (unassigned)", m => m with { Mtyp = 4 });
    }

    /// <summary>
    /// No UDP datagram crosses the TCP recorder, so the UDP vector's one datagram is written from a recorded UDP
    /// ASSOCIATE: its DST.ADDR/DST.PORT become the header's (RSV 0001 changed from 0000), with DATA "ping".
    /// </summary>
    private static Rule UdpReserved() => new("udp-reserved-not-zero", Expectation.Of(SocksViolation.UdpReservedNotZero),
        (v, es) => Find(es, C, Socks5Request.Name) is { } e && Read<Socks5Request>(v, e).Cmd == (byte)Socks5Command.UdpAssociate
            && Find(es, S, Socks5Reply.Name) is { } r && Read<Socks5Reply>(v, r).Succeeded,
        "one datagram: a UDP request header to the recorded UDP ASSOCIATE's DST, RSV 0000 -> 0001, DATA \"ping\"",
        (v, es) =>
        {
            var req = Read<Socks5Request>(v, Find(es, C, Socks5Request.Name)!);
            var header = SocksMessage.ToArray(new Socks5UdpHeader(req.DstAddr, req.DstPort) { Rsv = 1 });
            return ([new Segment(C, [.. header, .. "ping"u8])], Protocol.Socks5Udp);
        });

    /// <summary>
    /// A field over the codec's 255-byte bound cannot be built as a message (the writer's fields hold 255 bytes), so the
    /// recorded SOCKS4/4a request is rewritten with the field at 255 bytes and its NUL replaced by one more byte.
    /// </summary>
    private static Rule TooLong(string name, FramingError error, bool hostname) => new(name, Expectation.Of(error),
        (v, es) => Find(es, C, Socks4Request.Name) is { } e && Read<Socks4Request>(v, e).IsSocks4a == hostname,
        $"{(hostname ? "SOCKS4a hostname" : "USERID")} -> 255 'x' bytes, then its NUL replaced by one more 'x' (256 bytes, no NUL within the bound)",
        (v, es) =>
        {
            var e = Find(es, C, Socks4Request.Name)!;
            var m = Read<Socks4Request>(v, e);
            var x = ShortBytes.From(Enumerable.Repeat((byte)'x', 255).ToArray());
            m = hostname ? m with { Hostname = x } : m with { UserId = x };
            var bytes = SocksMessage.ToArray(m);
            int nul = hostname ? bytes.Length - 1 : 8 + 255;
            bytes[nul] = (byte)'x';
            // The request is cut at the overlong field: what follows it (the hostname) would only blur the error.
            return (VectorEdit.Splice(v.Segments, C, e.Offset, e.Length, bytes[..(nul + 1)]), v.Protocol);
        });

    /// <summary>
    /// Nothing recorded here negotiates GSS-API, so the GSS-API vectors start from a recorded dialog whose client offered
    /// 01: the method selection is changed to 01, and the client's next message (the request) is replaced by a GSS-API
    /// context token (MTYP 01) carrying the request's bytes as its token, with one header field then changed.
    /// </summary>
    private static Rule Gss(string name, SocksViolation violation, string change, Func<GssApiMessage, GssApiMessage> edit) =>
        new(name, Expectation.Of(violation),
            (v, es) => Find(es, C, Socks5Greeting.Name) is { } g && Read<Socks5Greeting>(v, g).Methods.Span.Contains((byte)1)
                && Find(es, S, Socks5MethodSelection.Name) is { } s && Read<Socks5MethodSelection>(v, s).Method == 0
                && Find(es, C, Socks5Request.Name) is not null,
            $"method selection METHOD 00 -> 01 (GSSAPI, which the client offered); the request wrapped as a GSS-API context token; {change}",
            (v, es) =>
            {
                var sel = Find(es, S, Socks5MethodSelection.Name)!;
                var req = Find(es, C, Socks5Request.Name)!;
                var selBytes = VectorEdit.Rewrite<Socks5MethodSelection>(v, sel, m => m with { Method = 1 });
                var token = v.Stream(C).AsSpan(req.Offset, req.Length);
                var gss = edit(new GssApiMessage(1, (ushort)token.Length));
                var gssBytes = SocksMessage.ToArray(gss, token);
                // The request becomes the token; the server's later answer no longer belongs, so only the (changed)
                // selection is kept from the server side.
                var segments = VectorEdit.Splice(v.Segments, C, req.Offset, req.Length, gssBytes);
                segments = VectorEdit.Through(segments, S, sel.Offset + sel.Length - 1).Count < segments.Count
                    ? KeepServerThrough(segments, sel.Offset + sel.Length)
                    : segments;
                return (VectorEdit.Replace(segments, S, sel.Offset, sel.Length, selBytes), v.Protocol);
            });

    private static List<Segment> KeepServerThrough(List<Segment> segments, int serverBytes)
    {
        var result = new List<Segment>();
        int pos = 0;
        foreach (var s in segments)
        {
            if (s.Direction == S && (s.IsEnd || pos >= serverBytes)) continue;
            if (s.Direction == S) pos += s.Bytes.Length;
            result.Add(s);
        }
        return result;
    }
}
