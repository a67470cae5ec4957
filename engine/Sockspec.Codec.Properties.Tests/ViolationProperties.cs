using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sockspec.Codec;
using Xunit.Abstractions;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>Every generated violation is reported as exactly that violation; every framing error as that error.</summary>
public class ViolationProperties(ITestOutputHelper output)
{
    public static TheoryData<SocksViolation> Violations => [.. Enum.GetValues<SocksViolation>()];

    public static TheoryData<FramingError> FramingErrors => [.. Enum.GetValues<FramingError>().Where(e => e != FramingError.None)];

    [Fact]
    public void There_is_one_invalid_generator_per_violation_and_per_framing_error()
    {
        Assert.Equal(Enum.GetValues<SocksViolation>().Order(), InvalidGens.ByViolation.Keys.Order());
        Assert.Equal(Enum.GetValues<FramingError>().Where(e => e != FramingError.None).Order(), InvalidGens.ByFramingError.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_generated_violation_is_reported_as_exactly_that_violation(SocksViolation violation) =>
        Check(InvalidGens.ByViolation[violation], m =>
        {
            var r = m.Read(m.Encoded);
            return r.IsDone && r.Consumed == m.Encoded.Length && r.Violations == ViolationSet.Of(violation);
        });

    [Theory]
    [MemberData(nameof(FramingErrors))]
    public void Each_generated_framing_error_is_reported_as_that_error(FramingError error) =>
        Check(InvalidGens.ByFramingError[error], m =>
        {
            var r = m.Read(m.Encoded);
            return r.Status == ReadStatus.Invalid && r.Error == error && r.Consumed == 0;
        });

    /// <summary>
    /// Runs a property through FsCheck with its output (distribution, and on failure the counterexample and the
    /// replay seed) going to the test log, and throwing on failure.
    /// </summary>
    private void Check(Gen<Shrinkable<BrokenMessage>> gen, Func<BrokenMessage, bool> holds)
    {
        var property = Prop.ForAll(Shrinkable.Arbitrary(gen), s =>
        {
            var m = s.Value;
            return holds(m).Label(m.ToString()).Collect(m.Message + ", " + LengthClass(m.Encoded.Length));
        });
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithRunner(new TestOutputRunner(output)), property);
    }

    private static string LengthClass(int n) => n < 16 ? "under 16 octets" : n < 128 ? "16..127 octets" : "128 octets or more";
}
