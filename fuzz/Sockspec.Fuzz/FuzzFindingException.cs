using System.Runtime.CompilerServices;
using System.Text;

namespace Sockspec.Fuzz;

/// <summary>A property of the code under test did not hold for an input: a finding, reported as a crash.</summary>
public sealed class FuzzFindingException(string message) : Exception(message)
{
    /// <summary>
    /// Throws when <paramref name="holds"/> is false. The message is an interpolated string that is only formatted
    /// then: formatting it on every check (messages print whole messages in hex) would cost most of the fuzzer's time.
    /// </summary>
    public static void Check(bool holds, [InterpolatedStringHandlerArgument(nameof(holds))] ref MessageHandler property)
    {
        if (!holds) throw new FuzzFindingException(property.ToString());
    }

    [InterpolatedStringHandler]
    public ref struct MessageHandler
    {
        private readonly StringBuilder? _text;

        public MessageHandler(int literalLength, int formattedCount, bool holds, out bool shouldAppend)
        {
            shouldAppend = !holds;
            _text = holds ? null : new StringBuilder(literalLength + 16 * formattedCount);
        }

        public readonly void AppendLiteral(string s) => _text?.Append(s);

        public readonly void AppendFormatted<T>(T value) => _text?.Append(value);

        public readonly void AppendFormatted<T>(T value, string? format) where T : IFormattable =>
            _text?.Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));

        public override readonly string ToString() => _text?.ToString() ?? "";
    }
}
