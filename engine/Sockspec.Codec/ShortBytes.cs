using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sockspec.Codec;

/// <summary>
/// Up to 255 bytes held inline: the shape of every variable SOCKS field (METHODS, UNAME, PASSWD, a domain name, and by
/// our chosen bound the SOCKS4 USERID and SOCKS4a hostname). Inline storage keeps messages plain value types that
/// read and write without allocating and still fit in collections, generators and async code.
/// </summary>
public struct ShortBytes : IEquatable<ShortBytes>
{
    public const int MaxLength = 255;

    private Buffer255 _data;
    private byte _length;

    public readonly int Length => _length;

    public readonly bool IsEmpty => _length == 0;

    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_data)[.._length];

    /// <summary>Copies <paramref name="bytes"/>; false (and empty) when it is longer than <see cref="MaxLength"/>.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out ShortBytes value)
    {
        // Readers call this on every variable field, so the 255 octets are not zeroed first: octets past Length are
        // never observed (Span, Equals and GetHashCode stop at Length).
        Unsafe.SkipInit(out value);
        value._length = 0;
        if (bytes.Length > MaxLength) return false;
        bytes.CopyTo(value._data);
        value._length = (byte)bytes.Length;
        return true;
    }

    /// <summary>Makes <paramref name="value"/> empty without zeroing its 255 octets (readers start every message so).</summary>
    internal static void Clear(out ShortBytes value)
    {
        Unsafe.SkipInit(out value);
        value._length = 0;
    }

    /// <summary>Copies <paramref name="bytes"/>; for callers (tests, the suite) that know the length fits.</summary>
    public static ShortBytes From(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var v) ? v : throw new ArgumentException($"longer than {MaxLength} bytes", nameof(bytes));

    public static ShortBytes FromAscii(string s) => From(Encoding.ASCII.GetBytes(s));

    public readonly string ToAscii() => Encoding.ASCII.GetString(Span);

    public readonly bool Equals(ShortBytes other) => Span.SequenceEqual(other.Span);

    public override readonly bool Equals(object? obj) => obj is ShortBytes o && Equals(o);

    public override readonly int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Span);
        return h.ToHashCode();
    }

    public static bool operator ==(ShortBytes a, ShortBytes b) => a.Equals(b);

    public static bool operator !=(ShortBytes a, ShortBytes b) => !a.Equals(b);

    public override readonly string ToString() => Convert.ToHexString(Span);

    [InlineArray(MaxLength)]
    private struct Buffer255
    {
        private byte _element0;
    }
}
