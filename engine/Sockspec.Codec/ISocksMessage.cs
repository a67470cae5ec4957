namespace Sockspec.Codec;

/// <summary>
/// What every message type offers, as static members so that tests, fuzz targets and the decoder can treat all
/// messages alike (every prefix, every split, round trip) through one generic method.
/// </summary>
public interface ISocksMessage<TSelf> where TSelf : struct, ISocksMessage<TSelf>
{
    /// <summary>The message's name in the RFC's terms, as shown by the decoder and the reports.</summary>
    static abstract string Name { get; }

    /// <summary>The longest encoding a peer can legally send (declared-length bounds included); reads never need more.</summary>
    static abstract int MaxLength { get; }

    /// <summary>Frames one message at the start of <paramref name="input"/>. Never throws, never allocates.</summary>
    static abstract ReadResult TryRead(ReadOnlySpan<byte> input, out TSelf message);

    /// <summary>The exact number of bytes <see cref="TryWrite"/> writes for <paramref name="message"/>.</summary>
    static abstract int GetLength(in TSelf message);

    /// <summary>Writes the fields as given, however wrong; false (nothing written) when the destination is too short.</summary>
    static abstract bool TryWrite(in TSelf message, Span<byte> destination, out int written);
}
