using System.Runtime.CompilerServices;

namespace Sockspec.Codec;

/// <summary>
/// RFC 1929 §2, the username/password request.
/// <code>
///   +----+------+----------+------+----------+
///   |VER | ULEN |  UNAME   | PLEN |  PASSWD  |
///   +----+------+----------+------+----------+
///   | 1  |  1   | 1 to 255 |  1   | 1 to 255 |
///   +----+------+----------+------+----------+
/// </code>
/// VER is the sub-negotiation version, 01 (not 05). ULEN/PLEN are kept as sent so that a writer can lie about them.
/// </summary>
public record struct UsernamePasswordRequest : ISocksMessage<UsernamePasswordRequest>
{
    public byte Ver;
    public byte ULen;
    public ShortBytes UName;
    public byte PLen;
    public ShortBytes Passwd;

    public UsernamePasswordRequest(ReadOnlySpan<byte> uname, ReadOnlySpan<byte> passwd)
    {
        Ver = 1;
        UName = ShortBytes.From(uname);
        ULen = (byte)uname.Length;
        Passwd = ShortBytes.From(passwd);
        PLen = (byte)passwd.Length;
    }

    public UsernamePasswordRequest(string uname, string passwd)
        : this(System.Text.Encoding.UTF8.GetBytes(uname), System.Text.Encoding.UTF8.GetBytes(passwd)) { }

    public static string Name => "RFC 1929 username/password request";

    // VER + ULEN + 255 + PLEN + 255.
    public static int MaxLength => 3 + 255 + 255;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out UsernamePasswordRequest message)
    {
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        message.Ver = message.ULen = message.PLen = 0;
        ShortBytes.Clear(out message.UName);
        ShortBytes.Clear(out message.Passwd);
        var r = new WireReader(input);
        if (!r.TryByte(out message.Ver) || !r.TryByte(out message.ULen)) return ReadResult.NeedMoreData;
        if (!r.TryBytes(message.ULen, out var uname) || !r.TryByte(out message.PLen)) return ReadResult.NeedMoreData;
        if (!r.TryBytes(message.PLen, out var passwd)) return ReadResult.NeedMoreData;
        ShortBytes.TryCreate(uname, out message.UName);
        ShortBytes.TryCreate(passwd, out message.Passwd);
        var v = default(ViolationSet)
            .WithIf(message.Ver != 1, SocksViolation.UserPassVersionNotOne)
            .WithIf(message.ULen == 0, SocksViolation.UserPassEmptyUsername)
            .WithIf(message.PLen == 0, SocksViolation.UserPassEmptyPassword);
        return ReadResult.Done(r.Position, v);
    }

    public static int GetLength(in UsernamePasswordRequest m) => 3 + m.UName.Length + m.Passwd.Length;

    public static bool TryWrite(in UsernamePasswordRequest m, Span<byte> destination, out int written)
    {
        written = GetLength(m);
        if (destination.Length < written) { written = 0; return false; }
        var w = new WireWriter(destination);
        w.Byte(m.Ver);
        w.Byte(m.ULen);
        w.Bytes(m.UName.Span);
        w.Byte(m.PLen);
        w.Bytes(m.Passwd.Span);
        return true;
    }

    // The password never reaches a log or a report through ToString.
    public override readonly string ToString() =>
        $"{{ Ver = {Ver}, ULen = {ULen}, UName = {Printable.Escape(UName.Span)}, PLen = {PLen}, Passwd = <{Passwd.Length} bytes> }}";
}
