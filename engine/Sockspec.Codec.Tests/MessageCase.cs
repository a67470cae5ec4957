using System.Runtime.CompilerServices;

namespace Sockspec.Codec.Tests;

/// <summary>
/// One sample message, type-erased so that a MemberData row can carry any message type while the test still goes
/// through the type's ISocksMessage static members.
/// </summary>
public abstract class MessageCase(string label)
{
    public string Label { get; } = label;

    public abstract string TypeName { get; }

    /// <summary>Encodes with the message type's own writer (GetLength-sized).</summary>
    public abstract byte[] Encode();

    /// <summary>Reads <paramref name="input"/> with the message type's reader; the message comes back boxed.</summary>
    public abstract (ReadResult Result, object Message) Read(ReadOnlySpan<byte> input);

    public abstract int GetLength();

    public abstract bool TryWrite(Span<byte> destination, out int written);

    /// <summary>The value this case was built from, for equality with what a read returns.</summary>
    public abstract object Value { get; }

    /// <summary>Reads and writes in a loop and returns the bytes allocated on this thread while doing so.</summary>
    public abstract long AllocatedBytesOverReadWriteLoop(int iterations);

    public override string ToString() => $"{TypeName}: {Label}";
}

public sealed class MessageCase<T>(string label, T value) : MessageCase(label) where T : struct, ISocksMessage<T>
{
    public override string TypeName => T.Name;

    public override object Value => value;

    public override byte[] Encode()
    {
        var buffer = new byte[T.GetLength(value)];
        if (!T.TryWrite(value, buffer, out int written) || written != buffer.Length)
            throw new InvalidOperationException($"writer refused a buffer of GetLength bytes for {this}");
        return buffer;
    }

    public override (ReadResult Result, object Message) Read(ReadOnlySpan<byte> input)
    {
        var result = T.TryRead(input, out var message);
        return (result, message);
    }

    public override int GetLength() => T.GetLength(value);

    public override bool TryWrite(Span<byte> destination, out int written) => T.TryWrite(value, destination, out written);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override long AllocatedBytesOverReadWriteLoop(int iterations)
    {
        var local = value;
        Span<byte> buffer = stackalloc byte[Math.Min(T.MaxLength, 1024) + 16];
        // Warm up so that one-time JIT and static initialisation are not counted.
        Loop(ref local, buffer, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Loop(ref local, buffer, iterations);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Loop(ref T value, Span<byte> buffer, int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            T.TryWrite(value, buffer, out int written);
            T.TryRead(buffer[..written], out value);
        }
    }
}
