namespace Sockspec.Codec;

/// <summary>
/// The outcome of one read: Done with the bytes consumed and the rules the message breaks, NeedMoreData with nothing
/// consumed, or Invalid with the framing error. On Invalid the message holds the fields read before the error.
/// </summary>
public readonly record struct ReadResult(ReadStatus Status, int Consumed, FramingError Error, ViolationSet Violations)
{
    public static ReadResult NeedMoreData => new(ReadStatus.NeedMoreData, 0, FramingError.None, default);

    public static ReadResult Done(int consumed, ViolationSet violations) =>
        new(ReadStatus.Done, consumed, FramingError.None, violations);

    public static ReadResult Invalid(FramingError error, ViolationSet violations = default) =>
        new(ReadStatus.Invalid, 0, error, violations);

    public bool IsDone => Status == ReadStatus.Done;

    /// <summary>Done and breaking no rule.</summary>
    public bool IsClean => Status == ReadStatus.Done && Violations.IsEmpty;
}
