using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sockspec.Codec;

/// <summary>
/// The SOCKS4 request, and its SOCKS4a form.
/// <code>
///   +----+----+----+----+----+----+----+----+----+----+....+----+
///   | VN | CD | DSTPORT |      DSTIP        | USERID       |NULL|
///   +----+----+----+----+----+----+----+----+----+----+....+----+
///      1    1      2              4           variable       1
/// </code>
/// SOCKS4a: DSTIP 0.0.0.x with x != 0, and after USERID's NUL the hostname and another NUL. 0.0.0.0 is not a 4a
/// marker. Neither document bounds USERID or the hostname; we read at most <see cref="MaxUserIdLength"/> and
/// <see cref="MaxHostnameLength"/> bytes before the NUL (as SOCKS5 bounds its own names) and report a longer field as
/// its own framing error, so that no peer can make a reader buffer without end.
/// </summary>
public record struct Socks4Request : ISocksMessage<Socks4Request>
{
    public const int MaxUserIdLength = ShortBytes.MaxLength;
    public const int MaxHostnameLength = ShortBytes.MaxLength;

    public byte Vn;
    public byte Cd;
    public ushort DstPort;
    public uint DstIp;
    public ShortBytes UserId;
    public ShortBytes Hostname;

    public Socks4Request(Socks4Command cd, uint dstIp, ushort dstPort, string userId = "", string? hostname = null)
    {
        Vn = 4;
        Cd = (byte)cd;
        DstIp = hostname is null ? dstIp : (dstIp is > 0 and < 256 ? dstIp : 1);
        DstPort = dstPort;
        UserId = ShortBytes.FromAscii(userId);
        Hostname = hostname is null ? default : ShortBytes.FromAscii(hostname);
    }

    public static string Name => "SOCKS4 request";

    // VN + CD + DSTPORT + DSTIP + USERID + NUL + hostname + NUL.
    public static int MaxLength => 8 + MaxUserIdLength + 1 + MaxHostnameLength + 1;

    /// <summary>DSTIP is 0.0.0.x with x != 0: a hostname follows the USERID.</summary>
    public readonly bool IsSocks4a => IsSocks4aMarker(DstIp);

    public static bool IsSocks4aMarker(uint dstIp) => dstIp is > 0 and < 256;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks4Request message)
    {
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        message.Vn = message.Cd = 0;
        message.DstPort = 0;
        message.DstIp = 0;
        ShortBytes.Clear(out message.UserId);
        ShortBytes.Clear(out message.Hostname);
        var r = new WireReader(input);
        if (!r.TryByte(out message.Vn) || !r.TryByte(out message.Cd) || !r.TryUInt16(out message.DstPort))
            return ReadResult.NeedMoreData;
        if (!r.TryBytes(4, out var ip)) return ReadResult.NeedMoreData;
        message.DstIp = BinaryPrimitives.ReadUInt32BigEndian(ip);
        switch (r.TryNulTerminated(MaxUserIdLength, out var userId))
        {
            case ReadStatus.NeedMoreData: return ReadResult.NeedMoreData;
            case ReadStatus.Invalid: return ReadResult.Invalid(FramingError.UserIdTooLong);
        }
        ShortBytes.TryCreate(userId, out message.UserId);
        if (message.IsSocks4a)
        {
            switch (r.TryNulTerminated(MaxHostnameLength, out var host))
            {
                case ReadStatus.NeedMoreData: return ReadResult.NeedMoreData;
                case ReadStatus.Invalid: return ReadResult.Invalid(FramingError.HostnameTooLong);
            }
            ShortBytes.TryCreate(host, out message.Hostname);
        }
        var v = default(ViolationSet)
            .WithIf(message.Vn != 4, SocksViolation.Socks4VersionNotFour)
            .WithIf(message.Cd is not (1 or 2), SocksViolation.Socks4UnknownCommand)
            .WithIf(message.DstIp == 0, SocksViolation.Socks4DestinationUnspecified)
            .WithIf(message.IsSocks4a && message.Hostname.IsEmpty, SocksViolation.Socks4aEmptyHostname);
        return ReadResult.Done(r.Position, v);
    }

    public static int GetLength(in Socks4Request m) => 8 + m.UserId.Length + 1 + (m.IsSocks4a ? m.Hostname.Length + 1 : 0);

    /// <summary>
    /// Writes USERID and its NUL, then the hostname and its NUL when DSTIP is a 4a marker. A hostname given with a
    /// non-marker DSTIP is not written: the layout has no place for it. Build a wrong 4a message (0.0.0.0 plus a name)
    /// by writing the name after this message.
    /// </summary>
    public static bool TryWrite(in Socks4Request m, Span<byte> destination, out int written)
    {
        written = GetLength(m);
        if (destination.Length < written) { written = 0; return false; }
        var w = new WireWriter(destination);
        w.Byte(m.Vn);
        w.Byte(m.Cd);
        w.UInt16(m.DstPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], m.DstIp);
        var rest = new WireWriter(destination[8..]);
        rest.Bytes(m.UserId.Span);
        rest.Byte(0);
        if (m.IsSocks4a)
        {
            rest.Bytes(m.Hostname.Span);
            rest.Byte(0);
        }
        return true;
    }
}
