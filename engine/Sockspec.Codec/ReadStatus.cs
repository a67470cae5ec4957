namespace Sockspec.Codec;

/// <summary>What a read made of its input.</summary>
public enum ReadStatus : byte
{
    /// <summary>A whole message was framed; <see cref="ReadResult.Consumed"/> bytes belong to it.</summary>
    Done,

    /// <summary>The input is a valid prefix; nothing was consumed. Call again with more bytes.</summary>
    NeedMoreData,

    /// <summary>No bytes appended to the input could make it a message; see <see cref="ReadResult.Error"/>.</summary>
    Invalid,
}
