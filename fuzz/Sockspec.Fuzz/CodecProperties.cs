using Sockspec.Codec;

namespace Sockspec.Fuzz;

/// <summary>
/// The properties every codec reader must have, checked for one input. A reader must:
/// <list type="bullet">
/// <item>give a documented outcome: Done with 0 &lt; Consumed &lt;= min(input, MaxLength) and only the violations its
/// message can break, each tied to a requirement; NeedMoreData with nothing consumed, only while the input is shorter
/// than MaxLength; Invalid with one of the framing errors its message documents;</item>
/// <item>report exactly the violations that an independent restatement of the rules finds in the decoded fields;</item>
/// <item>round-trip: a Done message re-encodes to exactly the consumed bytes, and those bytes read back the same;</item>
/// <item>not depend on how the input arrived: every prefix reads as NeedMoreData until the message is complete, then as
/// the same message (an Invalid input may read as NeedMoreData first, never as Done);</item>
/// <item>neither throw nor allocate.</item>
/// </list>
/// </summary>
public static class CodecProperties
{
    public delegate bool Encoder<T>(in T message, ReadOnlySpan<byte> consumed, Span<byte> destination, out int written);

    public delegate ViolationSet Rules<T>(in T message);

    // Every prefix up to this length is checked; past it, those within 2 bytes of the outcome's boundary and every
    // 17th. Checking all of them made each execution cost one read per input byte, which held the long-input targets
    // (greeting, the requests) to half the exec/s; the boundary is where a split can go wrong.
    private const int AllPrefixesUpTo = 64;

    public static void Check<T>(
        ReadOnlySpan<byte> data, ViolationSet allowed, ReadOnlySpan<FramingError> errors, Rules<T> rules, Encoder<T>? encode = null)
        where T : struct, ISocksMessage<T>
    {
        // The first run of a path may allocate inside the runtime (type loading, tiered JIT) and not in the reader:
        // read once unmeasured, then require the second, steady-state read to allocate nothing.
        T.TryRead(data, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = T.TryRead(data, out var message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        FuzzFindingException.Check(allocated == 0, $"{T.Name}: TryRead allocated {allocated} bytes");

        CheckOutcome<T>(data.Length, result, allowed, errors);
        if (result.IsDone)
        {
            var expected = rules(message);
            FuzzFindingException.Check(result.Violations == expected,
                $"{T.Name}: violations {result.Violations} but the rules give {expected} for {message}");
            CheckRoundTrip(data[..result.Consumed], message, result, encode ?? DefaultEncode);
        }
        CheckPrefixes(data, result, message);
    }

    private static bool DefaultEncode<T>(in T message, ReadOnlySpan<byte> consumed, Span<byte> destination, out int written)
        where T : struct, ISocksMessage<T> => T.TryWrite(message, destination, out written);

    private static void CheckOutcome<T>(int length, ReadResult r, ViolationSet allowed, ReadOnlySpan<FramingError> errors)
        where T : struct, ISocksMessage<T>
    {
        switch (r.Status)
        {
            case ReadStatus.Done:
                FuzzFindingException.Check(r.Consumed > 0 && r.Consumed <= length && r.Consumed <= T.MaxLength,
                    $"{T.Name}: Done consumed {r.Consumed} of {length} bytes (MaxLength {T.MaxLength})");
                FuzzFindingException.Check(r.Error == FramingError.None, $"{T.Name}: Done with framing error {r.Error}");
                FuzzFindingException.Check((r.Violations.Bits & ~allowed.Bits) == 0,
                    $"{T.Name}: violations {r.Violations} outside this message's set {allowed}");
                foreach (var v in r.Violations)
                    FuzzFindingException.Check(ViolationRequirements.RequirementOf(v).Length > 0, $"{T.Name}: {v} maps to no requirement");
                break;
            case ReadStatus.NeedMoreData:
                FuzzFindingException.Check(r.Consumed == 0 && r.Error == FramingError.None && r.Violations.IsEmpty,
                    $"{T.Name}: NeedMoreData carried {r}");
                FuzzFindingException.Check(length < T.MaxLength,
                    $"{T.Name}: NeedMoreData after {length} bytes though MaxLength is {T.MaxLength}");
                break;
            case ReadStatus.Invalid:
                FuzzFindingException.Check(r.Consumed == 0 && IsOneOf(r.Error, errors),
                    $"{T.Name}: Invalid with {r} (documented errors: {string.Join(", ", errors.ToArray())})");
                break;
            default:
                throw new FuzzFindingException($"{T.Name}: undocumented status {r.Status}");
        }
    }

    private static bool IsOneOf(FramingError e, ReadOnlySpan<FramingError> errors)
    {
        foreach (var x in errors) if (x == e) return true;
        return false;
    }

    private static void CheckRoundTrip<T>(ReadOnlySpan<byte> consumed, in T message, ReadResult result, Encoder<T> encode)
        where T : struct, ISocksMessage<T>
    {
        int length = T.GetLength(message);
        FuzzFindingException.Check(length == consumed.Length, $"{T.Name}: GetLength {length}, consumed {consumed.Length} for {message}");

        Span<byte> buffer = stackalloc byte[consumed.Length];
        FuzzFindingException.Check(!encode(message, consumed, buffer[..^1], out int shortWritten) && shortWritten == 0,
            $"{T.Name}: TryWrite into {consumed.Length - 1} bytes did not refuse cleanly");
        FuzzFindingException.Check(encode(message, consumed, buffer, out int written) && written == consumed.Length,
            $"{T.Name}: TryWrite wrote {written} of {consumed.Length} bytes");
        FuzzFindingException.Check(buffer.SequenceEqual(consumed),
            $"{T.Name}: re-encoding gives {Convert.ToHexString(buffer)}, the input was {Convert.ToHexString(consumed)}");

        var again = T.TryRead(buffer, out var reread);
        FuzzFindingException.Check(again == result && reread.Equals(message),
            $"{T.Name}: re-read gives {again} {reread}, first read {result} {message}");
    }

    private static void CheckPrefixes<T>(ReadOnlySpan<byte> data, ReadResult full, in T message)
        where T : struct, ISocksMessage<T>
    {
        int boundary = full.IsDone ? full.Consumed : data.Length;
        bool seenInvalid = false;
        for (int k = 0; k < data.Length; k++)
        {
            if (k > AllPrefixesUpTo && Math.Abs(k - boundary) > 2 && k % 17 != 0) continue;
            var r = T.TryRead(data[..k], out var partial);
            switch (full.Status)
            {
                case ReadStatus.Done when k < full.Consumed:
                    FuzzFindingException.Check(r.Status == ReadStatus.NeedMoreData,
                        $"{T.Name}: prefix of {k} bytes gives {r} though the whole message needs {full.Consumed}");
                    break;
                case ReadStatus.Done:
                    FuzzFindingException.Check(r == full && partial.Equals(message),
                        $"{T.Name}: prefix of {k} bytes gives {r} {partial}, the whole input {full} {message}");
                    break;
                case ReadStatus.NeedMoreData:
                    FuzzFindingException.Check(r.Status == ReadStatus.NeedMoreData,
                        $"{T.Name}: prefix of {k} bytes gives {r} though the whole input needs more data");
                    break;
                default:
                    // Once no continuation can help, a longer input cannot either.
                    FuzzFindingException.Check(
                        r.Status == ReadStatus.NeedMoreData ? !seenInvalid : r == full,
                        $"{T.Name}: prefix of {k} bytes gives {r}, the whole input {full}");
                    seenInvalid |= r.Status == ReadStatus.Invalid;
                    break;
            }
        }
    }
}
