using System.Net;
using System.Text;

namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §5 address: ATYP then DST.ADDR/BND.ADDR. Used by requests, replies and the UDP header.
/// <code>
///   ATYP 01: 4 octets IPv4          ATYP 03: 1 length octet, then that many name octets (no NUL)
///   ATYP 04: 16 octets IPv6
/// </code>
/// <see cref="Atyp"/> is kept raw so that a writer can send an unassigned ATYP; <see cref="Bytes"/> holds the address
/// octets (for a domain, the name without its length octet).
/// </summary>
public struct SocksAddress : IEquatable<SocksAddress>
{
    public byte Atyp;
    public ShortBytes Bytes;

    public SocksAddress(byte atyp, ReadOnlySpan<byte> bytes)
    {
        Atyp = atyp;
        Bytes = ShortBytes.From(bytes);
    }

    /// <summary>ATYP 0 and no octets, without zeroing the inline buffer.</summary>
    internal static void Clear(out SocksAddress address)
    {
        address.Atyp = 0;
        ShortBytes.Clear(out address.Bytes);
    }

    public static SocksAddress FromIPAddress(IPAddress ip)
    {
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(b, out int n);
        return new SocksAddress(n == 4 ? (byte)AddressType.IPv4 : (byte)AddressType.IPv6, b[..n]);
    }

    /// <summary>
    /// ATYP 03 with the name's UTF-8 octets (ASCII names are unchanged; a non-ASCII name keeps its real octets rather
    /// than becoming '?'). Throws ArgumentException over 255 octets: such a name has no encoding.
    /// </summary>
    public static SocksAddress FromDomain(string name) => new((byte)AddressType.DomainName, Encoding.UTF8.GetBytes(name));

    /// <summary>An IP literal becomes ATYP 01/04, anything else ATYP 03.</summary>
    public static SocksAddress Parse(string hostOrIp) =>
        IPAddress.TryParse(hostOrIp, out var ip) ? FromIPAddress(ip) : FromDomain(hostOrIp);

    public static SocksAddress IPv4Any => new((byte)AddressType.IPv4, [0, 0, 0, 0]);

    public readonly bool IsIP => Atyp is (byte)AddressType.IPv4 or (byte)AddressType.IPv6;

    /// <summary>The address as an IPAddress for ATYP 01/04 with the right length, else null (allocates).</summary>
    public readonly IPAddress? ToIPAddress() =>
        (Atyp == (byte)AddressType.IPv4 && Bytes.Length == 4) || (Atyp == (byte)AddressType.IPv6 && Bytes.Length == 16)
            ? new IPAddress(Bytes.Span)
            : null;

    /// <summary>The octets the address takes on the wire, ATYP included.</summary>
    public readonly int WireLength => 1 + (Atyp == (byte)AddressType.DomainName ? 1 : 0) + Bytes.Length;

    public readonly bool Equals(SocksAddress other) => Atyp == other.Atyp && Bytes.Equals(other.Bytes);

    public override readonly bool Equals(object? obj) => obj is SocksAddress o && Equals(o);

    public override readonly int GetHashCode() => HashCode.Combine(Atyp, Bytes);

    public static bool operator ==(SocksAddress a, SocksAddress b) => a.Equals(b);

    public static bool operator !=(SocksAddress a, SocksAddress b) => !a.Equals(b);

    /// <summary>Printable form; a domain name is shown with non-printable octets escaped, as \xNN.</summary>
    public override readonly string ToString() => Atyp switch
    {
        (byte)AddressType.IPv4 or (byte)AddressType.IPv6 when ToIPAddress() is { } ip => ip.ToString(),
        (byte)AddressType.DomainName => Printable.Escape(Bytes.Span),
        _ => $"atyp 0x{Atyp:X2} [{Bytes}]",
    };
}
