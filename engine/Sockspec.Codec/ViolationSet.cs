using System.Numerics;
using System.Text;

namespace Sockspec.Codec;

/// <summary>
/// A set of <see cref="SocksViolation"/> as a 64-bit mask: a value type, so a read reports any number of broken rules
/// without allocating.
/// </summary>
public readonly record struct ViolationSet(ulong Bits)
{
    public bool IsEmpty => Bits == 0;

    public int Count => BitOperations.PopCount(Bits);

    public bool Contains(SocksViolation v) => (Bits & Mask(v)) != 0;

    public ViolationSet With(SocksViolation v) => new(Bits | Mask(v));

    /// <summary>Adds <paramref name="v"/> when <paramref name="broken"/> holds; keeps readers free of branches.</summary>
    public ViolationSet WithIf(bool broken, SocksViolation v) => broken ? With(v) : this;

    public static ViolationSet Of(params ReadOnlySpan<SocksViolation> vs)
    {
        var s = default(ViolationSet);
        foreach (var v in vs) s = s.With(v);
        return s;
    }

    public Enumerator GetEnumerator() => new(Bits);

    /// <summary>The names, comma separated (allocates; for messages and reports, not for the read path).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var v in this) sb.Append(sb.Length == 0 ? "" : ", ").Append(v);
        return sb.Length == 0 ? "none" : sb.ToString();
    }

    private static ulong Mask(SocksViolation v) => 1UL << (int)v;

    public struct Enumerator(ulong bits)
    {
        private ulong _rest = bits;
        public SocksViolation Current { get; private set; }

        public bool MoveNext()
        {
            if (_rest == 0) return false;
            int i = BitOperations.TrailingZeroCount(_rest);
            _rest &= _rest - 1;
            Current = (SocksViolation)i;
            return true;
        }
    }
}
