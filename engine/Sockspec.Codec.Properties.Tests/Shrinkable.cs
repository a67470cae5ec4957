using FsCheck;
using FsCheck.Fluent;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// A value made from a valid one (a message with one rule broken, a dialog around it) with the way to smaller versions
/// of it: shrink what it was made from, and make it again. Whatever the maker guarantees (exactly that rule broken)
/// holds for every candidate by construction, which a shrinker working on the made value's bytes could not promise.
/// </summary>
public sealed class Shrinkable<T>(T value, Func<IEnumerable<Shrinkable<T>>> smaller)
{
    public T Value { get; } = value;

    public IEnumerable<Shrinkable<T>> Smaller() => smaller();

    public override string ToString() => Value?.ToString() ?? "";
}

public static class Shrinkable
{
    /// <summary>Draws from <paramref name="source"/> and makes the value; shrinking goes through <paramref name="shrink"/>.</summary>
    public static Gen<Shrinkable<T>> Made<TSource, T>(Gen<TSource> source, Func<TSource, IEnumerable<TSource>> shrink, Func<TSource, T> make) =>
        source.Select(s => Of(s, shrink, make));

    /// <summary>
    /// A valid value with one field set to a bad one, drawn from <paramref name="bad"/>: shrinks the valid value (the
    /// bad field is set again on each candidate) and the bad value to <paramref name="lowest"/>, the least that still
    /// breaks the rule.
    /// </summary>
    public static Gen<Shrinkable<T>> Broken<TValid, TBad, T>(
        Gen<TValid> valid, Func<TValid, IEnumerable<TValid>> shrink, Gen<TBad> bad, TBad lowest, Func<TValid, TBad, T> make)
        where TBad : IComparable<TBad> =>
        Made(from m in valid from v in bad select (Valid: m, Bad: v),
            p => shrink(p.Valid).Select(m => (m, p.Bad)).Concat(p.Bad.CompareTo(lowest) > 0 ? [(p.Valid, lowest)] : []),
            p => make(p.Valid, p.Bad));

    /// <summary>A value with nothing smaller (a fixed message).</summary>
    public static Gen<Shrinkable<T>> Fixed<T>(T value) => Gen.Constant(new Shrinkable<T>(value, () => []));

    /// <summary>The arbitrary that shrinks through <see cref="Shrinkable{T}.Smaller"/>.</summary>
    public static Arbitrary<Shrinkable<T>> Arbitrary<T>(Gen<Shrinkable<T>> gen) => Arb.From(gen, s => s.Smaller());

    private static Shrinkable<T> Of<TSource, T>(TSource s, Func<TSource, IEnumerable<TSource>> shrink, Func<TSource, T> make) =>
        new(make(s), () => shrink(s).Select(x => Of(x, shrink, make)));
}
