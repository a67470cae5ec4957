using System.Buffers.Binary;

namespace Sockspec.Codec;

/// <summary>A forward-only writer; callers check the exact length first, so it never runs out of room.</summary>
internal ref struct WireWriter(Span<byte> destination)
{
    private readonly Span<byte> _dst = destination;

    public int Position { get; private set; }

    public void Byte(byte value) => _dst[Position++] = value;

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_dst[Position..], value);
        Position += 2;
    }

    public void Bytes(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(_dst[Position..]);
        Position += value.Length;
    }

    /// <summary>ATYP, then the length octet for a domain, then the address octets (RFC 1928 §5).</summary>
    public void Address(in SocksAddress a)
    {
        Byte(a.Atyp);
        if (a.Atyp == (byte)AddressType.DomainName) Byte((byte)a.Bytes.Length);
        Bytes(a.Bytes.Span);
    }
}
