using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>Wraps and unwraps UDP ASSOCIATE datagrams (RFC 1928 §7 header + DATA) with the codec.</summary>
public static class SocksUdp
{
    /// <summary>Header then data into <paramref name="destination"/>; the length written, or -1 when it does not fit.</summary>
    public static int Wrap(SocksAddress dst, ushort port, ReadOnlySpan<byte> data, Span<byte> destination, byte frag = 0)
    {
        var header = new Socks5UdpHeader(dst, port, frag);
        if (!Socks5UdpHeader.TryWrite(header, destination, out int n) || destination.Length - n < data.Length) return -1;
        data.CopyTo(destination[n..]);
        return n + data.Length;
    }

    public static byte[] Wrap(SocksAddress dst, ushort port, ReadOnlySpan<byte> data)
    {
        var header = new Socks5UdpHeader(dst, port);
        var bytes = new byte[Socks5UdpHeader.GetLength(header) + data.Length];
        Wrap(dst, port, data, bytes);
        return bytes;
    }

    /// <summary>False for a datagram whose header does not frame or breaks a rule (RSV != 0).</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> datagram, out Socks5UdpHeader header, out int dataOffset)
    {
        var r = Socks5UdpHeader.TryRead(datagram, out header);
        dataOffset = r.IsDone ? r.Consumed : 0;
        return r.IsClean;
    }
}
