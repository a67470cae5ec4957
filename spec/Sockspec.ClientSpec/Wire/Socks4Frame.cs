using System.Buffers.Binary;
using Sockspec.Codec;

namespace Sockspec.ClientSpec.Wire;

/// <summary>
/// A SOCKS4/4a request framed with a wider bound than the codec's 255-octet fields: SOCKS4a sets no hostname limit,
/// and a client that sends a 300-octet name whole is right, so the suite must be able to read it. Field octets are in
/// the read outcome's bytes; the codec's <see cref="Socks4Request"/> grades the rules when the fields fit it.
/// </summary>
public struct Socks4Frame : ISocksMessage<Socks4Frame>
{
    public const int FieldLimit = 4096;

    public byte Vn;
    public byte Cd;
    public ushort DstPort;
    public uint DstIp;
    public int UserIdLength;

    /// <summary>-1 when DSTIP is not a 4a marker.</summary>
    public int HostnameLength;

    public readonly bool IsSocks4a => Socks4Request.IsSocks4aMarker(DstIp);

    public static string Name => "SOCKS4 request";

    public static int MaxLength => 8 + 2 * (FieldLimit + 1);

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks4Frame message)
    {
        message = default;
        message.HostnameLength = -1;
        if (input.Length < 8) return ReadResult.NeedMoreData;
        message.Vn = input[0];
        message.Cd = input[1];
        message.DstPort = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        message.DstIp = BinaryPrimitives.ReadUInt32BigEndian(input[4..]);
        var rest = input[8..];
        int nul = rest[..Math.Min(rest.Length, FieldLimit + 1)].IndexOf((byte)0);
        if (nul < 0) return rest.Length > FieldLimit ? ReadResult.Invalid(FramingError.UserIdTooLong) : ReadResult.NeedMoreData;
        message.UserIdLength = nul;
        int consumed = 8 + nul + 1;
        if (message.IsSocks4a)
        {
            var host = input[consumed..];
            int end = host[..Math.Min(host.Length, FieldLimit + 1)].IndexOf((byte)0);
            if (end < 0) return host.Length > FieldLimit ? ReadResult.Invalid(FramingError.HostnameTooLong) : ReadResult.NeedMoreData;
            message.HostnameLength = end;
            consumed += end + 1;
        }
        return ReadResult.Done(consumed, default);
    }

    public static int GetLength(in Socks4Frame message) => 0;

    public static bool TryWrite(in Socks4Frame message, Span<byte> destination, out int written)
    {
        written = 0;
        return true;
    }
}
