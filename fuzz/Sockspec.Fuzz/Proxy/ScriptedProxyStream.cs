namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The proxy side of the client-reply target, in memory: each read returns bytes from the current scripted segment
/// only (never across a segment boundary, so the fuzzed split is exact, unlike TCP which may coalesce), then end of
/// stream once the script is spent. Writes (the client's greeting and request) are counted and dropped. Every call
/// completes synchronously, so a client that is not done when the script is spent is waiting for nothing.
/// </summary>
public sealed class ScriptedProxyStream(IEnumerable<ReadOnlyMemory<byte>> segments) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> _segments = segments.GetEnumerator();
    private ReadOnlyMemory<byte> _current;

    /// <summary>How many of the scripted bytes the client has read.</summary>
    public int BytesRead { get; private set; }

    public long BytesWritten { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (_current.IsEmpty)
        {
            if (!_segments.MoveNext()) return 0;
            _current = _segments.Current;
        }
        int n = Math.Min(buffer.Length, _current.Length);
        _current.Span[..n].CopyTo(buffer);
        _current = _current[n..];
        BytesRead += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        ct.IsCancellationRequested ? ValueTask.FromCanceled<int>(ct) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer) => BytesWritten += buffer.Length;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() { }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
