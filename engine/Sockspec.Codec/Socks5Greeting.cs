using System.Runtime.CompilerServices;

namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §3, the client's version identifier/method selection message.
/// <code>
///   +----+----------+----------+
///   |VER | NMETHODS | METHODS  |
///   +----+----------+----------+
///   | 1  |    1     | 1 to 255 |
///   +----+----------+----------+
/// </code>
/// <see cref="NMethods"/> is what the wire says; <see cref="Methods"/> holds the octets that follow. A writer may make
/// them disagree (a lying NMETHODS); a reader always reads exactly NMETHODS octets.
/// </summary>
public record struct Socks5Greeting : ISocksMessage<Socks5Greeting>
{
    public byte Ver;
    public byte NMethods;
    public ShortBytes Methods;

    /// <summary>
    /// VER 5 and no methods (NMETHODS 0). Declared so that <c>new Socks5Greeting()</c> does not silently mean the
    /// all-zero struct (VER 0), which the params constructor below would otherwise not be chosen for.
    /// </summary>
    public Socks5Greeting() : this(ReadOnlySpan<byte>.Empty) { }

    public Socks5Greeting(params ReadOnlySpan<byte> methods)
    {
        Ver = 5;
        Methods = ShortBytes.From(methods);
        NMethods = (byte)methods.Length;
    }

    public static string Name => "SOCKS5 greeting";

    // VER + NMETHODS + 255 methods.
    public static int MaxLength => 2 + 255;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks5Greeting message)
    {
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        message.Ver = message.NMethods = 0;
        ShortBytes.Clear(out message.Methods);
        var r = new WireReader(input);
        if (!r.TryByte(out message.Ver) || !r.TryByte(out message.NMethods)) return ReadResult.NeedMoreData;
        if (!r.TryBytes(message.NMethods, out var methods)) return ReadResult.NeedMoreData;
        ShortBytes.TryCreate(methods, out message.Methods);
        var v = default(ViolationSet)
            .WithIf(message.Ver != 5, SocksViolation.GreetingVersionNotFive)
            .WithIf(message.NMethods == 0, SocksViolation.GreetingNoMethods);
        return ReadResult.Done(r.Position, v);
    }

    public static int GetLength(in Socks5Greeting m) => 2 + m.Methods.Length;

    public static bool TryWrite(in Socks5Greeting m, Span<byte> destination, out int written)
    {
        written = GetLength(m);
        if (destination.Length < written) { written = 0; return false; }
        var w = new WireWriter(destination);
        w.Byte(m.Ver);
        w.Byte(m.NMethods);
        w.Bytes(m.Methods.Span);
        return true;
    }
}
