using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>
/// The fields of each message, laid out from the values the codec read (which carry their own lengths), so that every
/// field's offset and length match the wire. Passwords and tokens are shown as their length only.
/// </summary>
internal static class FieldLayouts
{
    public static FieldList Greeting(in Socks5Greeting m, int at)
    {
        var f = new FieldList(at).Add("VER", 1, Meanings.Version(m.Ver)).Add("NMETHODS", 1, m.NMethods.ToString());
        var methods = m.Methods.Span;
        for (int i = 0; i < methods.Length; i++) f.Add($"METHODS[{i}]", 1, Meanings.Method(methods[i]));
        return f;
    }

    public static FieldList MethodSelection(in Socks5MethodSelection m, int at) =>
        new FieldList(at).Add("VER", 1, Meanings.Version(m.Ver)).Add("METHOD", 1, Meanings.Method(m.Method));

    public static FieldList UserPassRequest(in UsernamePasswordRequest m, int at) =>
        new FieldList(at)
            .Add("VER", 1, Meanings.Version(m.Ver))
            .Add("ULEN", 1, m.ULen.ToString())
            .Add("UNAME", m.UName.Length, Meanings.Quoted(m.UName.Span))
            .Add("PLEN", 1, m.PLen.ToString())
            .Add("PASSWD", m.Passwd.Length, $"<{m.Passwd.Length} bytes>");

    public static FieldList UserPassResponse(in UsernamePasswordResponse m, int at) =>
        new FieldList(at).Add("VER", 1, Meanings.Version(m.Ver)).Add("STATUS", 1, Meanings.UserPassStatus(m.Status));

    public static FieldList Request(in Socks5Request m, int at) =>
        Address(new FieldList(at)
                .Add("VER", 1, Meanings.Version(m.Ver))
                .Add("CMD", 1, Meanings.Command(m.Cmd))
                .Add("RSV", 1, $"{m.Rsv:X2}"),
            "DST", m.DstAddr, m.DstPort);

    public static FieldList Reply(in Socks5Reply m, int at) =>
        Address(new FieldList(at)
                .Add("VER", 1, Meanings.Version(m.Ver))
                .Add("REP", 1, Meanings.Rep(m.Rep))
                .Add("RSV", 1, $"{m.Rsv:X2}"),
            "BND", m.BndAddr, m.BndPort);

    public static FieldList UdpHeader(in Socks5UdpHeader m, int at) =>
        Address(new FieldList(at).Add("RSV", 2, $"{m.Rsv:X4}").Add("FRAG", 1, Meanings.Frag(m.Frag)), "DST", m.DstAddr, m.DstPort);

    public static FieldList Socks4Request(in Socks4Request m, int at)
    {
        var f = new FieldList(at)
            .Add("VN", 1, Meanings.Version(m.Vn))
            .Add("CD", 1, Meanings.Socks4Command(m.Cd))
            .Add("DSTPORT", 2, m.DstPort.ToString())
            .Add("DSTIP", 4, Meanings.Ipv4(m.DstIp) + (m.IsSocks4a ? " (SOCKS4a: hostname follows)" : ""))
            .Add("USERID", m.UserId.Length, Meanings.Quoted(m.UserId.Span))
            .Add("NULL", 1, "00");
        if (m.IsSocks4a) f.Add("HOSTNAME", m.Hostname.Length, Meanings.Quoted(m.Hostname.Span)).Add("NULL", 1, "00");
        return f;
    }

    public static FieldList Socks4Reply(in Socks4Reply m, int at) =>
        new FieldList(at)
            .Add("VN", 1, Meanings.Version(m.Vn))
            .Add("CD", 1, Meanings.Socks4Cd(m.Cd))
            .Add("DSTPORT", 2, m.DstPort.ToString())
            .Add("DSTIP", 4, Meanings.Ipv4(m.DstIp));

    public static FieldList GssApi(in GssApiMessage m, int at)
    {
        var f = new FieldList(at).Add("VER", 1, Meanings.Version(m.Ver)).Add("MTYP", 1, Meanings.GssApiType(m.Mtyp));
        if (!m.IsAbort) f.Add("LEN", 2, m.Len.ToString()).Add("TOKEN", m.Len, $"<{m.Len} bytes>");
        return f;
    }

    private static FieldList Address(FieldList f, string prefix, in SocksAddress a, ushort port)
    {
        f.Add("ATYP", 1, Meanings.Atyp(a.Atyp));
        if (a.Atyp == (byte)AddressType.DomainName) f.Add($"{prefix}.ADDR length", 1, a.Bytes.Length.ToString());
        return f.Add($"{prefix}.ADDR", a.Bytes.Length, Meanings.Address(a)).Add($"{prefix}.PORT", 2, port.ToString());
    }
}
