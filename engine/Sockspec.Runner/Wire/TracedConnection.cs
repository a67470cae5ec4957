using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Model;

namespace Sockspec.Runner.Wire;

/// <summary>
/// A TCP connection that records every send and receive (with FIN, RST and timeouts) into the case's
/// <see cref="WireTrace"/>. Every read has a deadline and a size bound; nothing here throws for what a peer does
/// (closes, resets, silence): those are outcomes. Only cancellation of the whole case escapes as an exception.
/// </summary>
public sealed class TracedConnection : IAsyncDisposable
{
    /// <summary>Bytes a typed read may buffer: far above any SOCKS message, so a flood is a framing matter, not memory.</summary>
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Bytes a wait for the close takes from a target that keeps sending before it concludes the target is not closing:
    /// at loopback speed a flood passes this in milliseconds, while no SOCKS dialog sends a hundredth of it unasked.
    /// </summary>
    private const int FloodLimit = 1024 * 1024;

    private readonly Socket _socket;
    private readonly WireTrace _trace;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly StreamTap _in;
    private readonly StreamTap _out;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _reset;

    private TracedConnection(Socket socket, WireTrace trace, string name, TimeSpan defaultTimeout)
    {
        _socket = socket;
        _trace = trace;
        _in = new StreamTap(trace, name, TraceDirection.FromTarget);
        _out = new StreamTap(trace, name, TraceDirection.ToTarget);
        Name = name;
        DefaultTimeout = defaultTimeout;
    }

    public string Name { get; }

    public TimeSpan DefaultTimeout { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IPEndPoint RemoteEndPoint => (IPEndPoint)_socket.RemoteEndPoint!;

    /// <summary>The target has closed or reset its side.</summary>
    public bool Ended => _eof || _reset;

    /// <summary>Bytes received but not consumed by a read yet.</summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    public static async Task<TracedConnection> ConnectAsync(
        IPEndPoint target, string name, WireTrace trace, TimeSpan timeout, CancellationToken ct)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target, cts.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The target accepted and reset before the connect completed here: that is its answer, not a failed connect.
            trace.Add(name, TraceDirection.Local, TraceEventKind.Connect, default, $"-> {target}");
            trace.Add(name, TraceDirection.FromTarget, TraceEventKind.Reset, default, "reset while connecting");
            return new TracedConnection(socket, trace, name, timeout) { _reset = true };
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            trace.Add(name, TraceDirection.Local, TraceEventKind.Note, default, $"connect to {target} failed: {e.Message}");
            throw new CaseAbort(Verdict.Error, $"could not connect to {target}: {(e is SocketException se ? se.SocketErrorCode.ToString() : "timeout")}");
        }
        trace.Add(name, TraceDirection.Local, TraceEventKind.Connect, default, $"{socket.LocalEndPoint} -> {target}");
        return new TracedConnection(socket, trace, name, timeout);
    }

    /// <summary>Wraps an accepted socket (the BIND peer's side, a fixture's side) with the same tracing.</summary>
    public static TracedConnection Wrap(Socket socket, string name, WireTrace trace, TimeSpan timeout)
    {
        trace.Add(name, TraceDirection.Local, TraceEventKind.Connect, default, $"{socket.LocalEndPoint} <-> {socket.RemoteEndPoint}");
        return new TracedConnection(socket, trace, name, timeout);
    }

    /// <summary>Sends all of <paramref name="data"/>; false (and a trace note) when the target has reset the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        TraceOut(data.Span);
        try
        {
            while (!data.IsEmpty)
            {
                int n = await _socket.SendAsync(data, SocketFlags.None, ct);
                data = data[n..];
            }
            return true;
        }
        catch (SocketException e)
        {
            _out.Flush();
            _trace.Add(Name, TraceDirection.ToTarget, TraceEventKind.Reset, default, $"send failed: {e.SocketErrorCode}");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Encodes <paramref name="message"/> with the codec (whatever its field values) and sends it.</summary>
    public Task<bool> SendAsync<T>(T message, CancellationToken ct = default) where T : struct, ISocksMessage<T> =>
        SendAsync(SocksMessage.ToArray(message), ct);

    /// <summary>Sends <paramref name="data"/> in pieces of <paramref name="chunk"/> bytes with a pause between them.</summary>
    public async Task<bool> SendSplitAsync(ReadOnlyMemory<byte> data, int chunk, TimeSpan pause, CancellationToken ct = default)
    {
        for (int i = 0; i < data.Length; i += chunk)
        {
            if (i > 0 && pause > TimeSpan.Zero) await Task.Delay(pause, ct);
            if (!await SendAsync(data.Slice(i, Math.Min(chunk, data.Length - i)), ct)) return false;
        }
        return true;
    }

    /// <summary>Half-close: our FIN goes out; we can still read.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            _out.Flush();
            _trace.Add(Name, TraceDirection.ToTarget, TraceEventKind.Fin);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _trace.Add(Name, TraceDirection.ToTarget, TraceEventKind.Note, default, "shutdown failed: " + e.Message);
        }
    }

    /// <summary>
    /// Reads one <typeparamref name="T"/> within the deadline: a message (with its violations), a framing error, or
    /// how the connection ended (FIN/RST/timeout) with the partial bytes. Only a message's bytes are consumed.
    /// </summary>
    public async Task<ReadOutcome<T>> ReadMessageAsync<T>(TimeSpan? timeout = null, CancellationToken ct = default)
        where T : struct, ISocksMessage<T>
    {
        var deadline = _trace.Elapsed + (timeout ?? DefaultTimeout);
        while (true)
        {
            var result = T.TryRead(Pending, out var message);
            if (result.Status == ReadStatus.Done)
            {
                var bytes = Pending[..result.Consumed].ToArray();
                _start += result.Consumed;
                return new ReadOutcome<T> { Kind = ReadKind.Message, Bytes = bytes, Message = message, Violations = result.Violations, At = _trace.Elapsed };
            }
            if (result.Status == ReadStatus.Invalid)
            {
                return new ReadOutcome<T> { Kind = ReadKind.FramingError, Bytes = Pending.ToArray(), Message = message, Error = result.Error, Violations = result.Violations, At = _trace.Elapsed };
            }
            var ended = await FillAsync(deadline, ct);
            if (ended is { } kind)
                return new ReadOutcome<T> { Kind = kind, Bytes = Pending.ToArray(), At = _trace.Elapsed };
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (bounded by the caller) or what arrived before the end.</summary>
    public async Task<(byte[] Bytes, ReadKind? End)> ReadExactlyAsync(int count, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var deadline = _trace.Elapsed + (timeout ?? DefaultTimeout);
        var result = new byte[count];
        int got = 0;
        while (got < count)
        {
            int take = Math.Min(count - got, _end - _start);
            if (take > 0)
            {
                Pending[..take].CopyTo(result.AsSpan(got));
                _start += take;
                got += take;
                continue;
            }
            var ended = await FillAsync(deadline, ct);
            if (ended is { } kind) return (result[..got], kind);
        }
        return (result, null);
    }

    /// <summary>
    /// Waits until the target closes, keeping at most <paramref name="maxBytes"/> of whatever it sends meanwhile.
    /// </summary>
    public async Task<CloseOutcome> WaitForCloseAsync(TimeSpan timeout, CancellationToken ct = default, int maxBytes = 4096)
    {
        var started = _trace.Elapsed;
        var deadline = started + timeout;
        var extra = new List<byte>();
        long received = 0;
        while (true)
        {
            if (_end > _start)
            {
                extra.AddRange(Pending[..Math.Min(_end - _start, Math.Max(0, maxBytes - extra.Count))].ToArray());
                received += _end - _start;
                _start = _end;
            }
            if (received > FloodLimit)
            {
                // Not closing, and flooding: waiting out the deadline would only burn CPU on bytes nobody keeps.
                _in.Flush();
                _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Note, default,
                    $"stopped waiting for the close: the target sent {received} bytes meanwhile (over {FloodLimit})");
                return new CloseOutcome(CloseKind.StillOpen, _trace.Elapsed - started, [.. extra]);
            }
            var ended = await FillAsync(deadline, ct);
            if (ended is not { } kind) continue;
            if (_end > _start) extra.AddRange(Pending[..Math.Min(_end - _start, Math.Max(0, maxBytes - extra.Count))].ToArray());
            var closeKind = kind switch { ReadKind.Closed => CloseKind.Fin, ReadKind.Reset => CloseKind.Reset, _ => CloseKind.StillOpen };
            return new CloseOutcome(closeKind, _trace.Elapsed - started, [.. extra]);
        }
    }

    /// <summary>Receives once into the buffer. Null when bytes arrived; otherwise how the wait ended.</summary>
    private async Task<ReadKind?> FillAsync(TimeSpan deadline, CancellationToken ct)
    {
        if (_reset) return ReadKind.Reset;
        if (_eof) return ReadKind.Closed;
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start == 0) return ReadKind.Timeout; // the bound: more than any message, and not one of them
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        var left = deadline - _trace.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            _in.Flush();
            _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Timeout, default, "read deadline passed");
            return ReadKind.Timeout;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(left);
        try
        {
            int n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cts.Token);
            if (n == 0)
            {
                _eof = true;
                _in.Flush();
                _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Fin);
                return ReadKind.Closed;
            }
            TraceIn(_buffer.AsSpan(_end, n));
            _end += n;
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _in.Flush();
            _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Timeout, default, $"nothing within {left.TotalMilliseconds:0} ms");
            return ReadKind.Timeout;
        }
        catch (SocketException e)
        {
            _reset = true;
            _in.Flush();
            _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Reset, default, e.SocketErrorCode.ToString());
            return ReadKind.Reset;
        }
        catch (ObjectDisposedException)
        {
            _reset = true;
            return ReadKind.Reset;
        }
    }

    private void TraceIn(ReadOnlySpan<byte> data) => _in.Record(data);

    private void TraceOut(ReadOnlySpan<byte> data) => _out.Record(data);

    public ValueTask DisposeAsync()
    {
        _in.Flush();
        _out.Flush();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
