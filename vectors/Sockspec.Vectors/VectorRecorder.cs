using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Vectors;

/// <summary>
/// A transparent TCP relay between a real client and a real proxy that writes each connection as a vector: segments
/// in the order the relay read them (one read, one segment), each side's close, up to a size bound per direction and
/// within a time window. Loopback only: the recorder refuses any other listen or upstream address.
/// </summary>
public sealed class VectorRecorder : IAsyncDisposable
{
    private readonly RecorderOptions _options;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _acceptLoop = Task.CompletedTask;
    private int _accepted, _recorded, _active;

    private VectorRecorder(RecorderOptions options, Socket listener)
    {
        _options = options;
        _listener = listener;
        Endpoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Paths of the vectors written so far.</summary>
    public List<string> Written { get; } = [];

    /// <summary>Vectors that could not be written, with the reason.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Completes once <see cref="RecorderOptions.StopAfter"/> connections are recorded.</summary>
    public Task Completion => _done.Task;

    public static VectorRecorder Start(RecorderOptions options)
    {
        if (!IPAddress.IsLoopback(options.Listen.Address) || !IPAddress.IsLoopback(options.Upstream.Address))
            throw new ArgumentException("the recorder only listens on and relays to loopback addresses");
        if (!Vector.IsValidId(options.Label)) throw new ArgumentException($"label '{options.Label}' is not a valid vector id");
        var l = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            l.Bind(options.Listen);
            l.Listen(128);
        }
        catch
        {
            l.Dispose();
            throw;
        }
        var r = new VectorRecorder(options, l);
        r._acceptLoop = r.AcceptLoopAsync();
        return r;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            if (Interlocked.Increment(ref _active) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                client.Dispose();
                continue;
            }
            int n = ++_accepted;
            lock (_sessions) _sessions.Add(RunAsync(client, n));
        }
    }

    private async Task RunAsync(Socket client, int n)
    {
        var capture = new Capture(_options.MaxBytesPerDirection);
        bool saved = false;
        using var upstream = new Socket(_options.Upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                connect.CancelAfter(_options.ConnectTimeout);
                try { await upstream.ConnectAsync(_options.Upstream, connect.Token); }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    capture.Note = $"upstream connect failed: {(e as SocketException)?.SocketErrorCode.ToString() ?? "timeout"}";
                    return;
                }
            }
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var lastActivity = Environment.TickCount64;
            var up = PumpAsync(client, upstream, Direction.ClientToServer, capture, () => lastActivity = Environment.TickCount64, relay.Token);
            var down = PumpAsync(upstream, client, Direction.ServerToClient, capture, () => lastActivity = Environment.TickCount64, relay.Token);
            var both = Task.WhenAll(up, down);
            var window = Task.Delay(_options.RecordWindow, _stop.Token);
            if (await Task.WhenAny(both, window) != both)
            {
                // The window has passed with the connection still open: the vector is written now, the relay goes on.
                capture.Seal();
                saved = true;
                Save(capture, n);
            }
            while (!both.IsCompleted)
            {
                await Task.WhenAny(both, Task.Delay(500));
                if (Environment.TickCount64 - Volatile.Read(ref lastActivity) > _options.IdleTimeout.TotalMilliseconds) relay.Cancel();
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            client.Dispose();
            if (!saved) Save(capture, n);
            Interlocked.Decrement(ref _active);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, Direction d, Capture capture, Action touch, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                touch();
                capture.Add(d, buffer.AsSpan(0, n));
                if (n == 0)
                {
                    try { to.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or a cancelled relay ends this direction; the other side learns of it by the close.
            capture.Add(d, []);
            try { to.Shutdown(SocketShutdown.Send); } catch (Exception x) when (x is SocketException or ObjectDisposedException) { }
        }
    }

    private void Save(Capture capture, int n)
    {
        var segments = capture.Segments();
        string id = n == 1 ? _options.Label : $"{_options.Label}-{n}";
        var first = segments.FirstOrDefault(s => s.Direction == Direction.ClientToServer && !s.IsEnd);
        var headers = new List<KeyValuePair<string, string>>(_options.Headers)
        {
            new("date", DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("recorded", $"sockspec record, {_options.MaxBytesPerDirection} bytes per direction, {_options.RecordWindow.TotalSeconds:0.#} s window"),
        };
        if (capture.Note is { } note) headers.Add(new("note", note));
        if (capture.Cut) headers.Add(new("cut", "recording stopped at the size or time bound; the relay went on"));
        var v = new Vector(id, ProtocolText.Sniff(first?.Bytes ?? []), headers, segments);
        try
        {
            string path = VectorFile.Save(v, _options.OutDir);
            lock (Written) Written.Add(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lock (Errors) Errors.Add($"{id}: {e.Message}");
        }
        if (Interlocked.Increment(ref _recorded) == _options.StopAfter) _done.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        Task[] sessions;
        lock (_sessions) sessions = [.. _sessions];
        await Task.WhenAll(sessions);
        _done.TrySetResult();
        _stop.Dispose();
    }

    /// <summary>The segments of one connection, bounded per direction; sealed once its window has passed.</summary>
    private sealed class Capture(int maxPerDirection)
    {
        private readonly List<Segment> _segments = [];
        private readonly int[] _bytes = [0, 0];
        private bool _sealed;

        public string? Note { get; set; }
        public bool Cut { get; private set; }

        public void Add(Direction d, ReadOnlySpan<byte> data)
        {
            lock (_segments)
            {
                if (_sealed) return;
                if (data.IsEmpty)
                {
                    // One close per direction: a reset after a clean close adds nothing.
                    if (!_segments.Any(s => s.IsEnd && s.Direction == d)) _segments.Add(new Segment(d, []));
                    return;
                }
                int room = maxPerDirection - _bytes[(int)d];
                if (room <= 0) { Cut = true; return; }
                if (data.Length > room) Cut = true;
                var take = data[..Math.Min(room, data.Length)];
                _bytes[(int)d] += take.Length;
                _segments.Add(new Segment(d, take.ToArray()));
            }
        }

        public void Seal()
        {
            lock (_segments)
            {
                _sealed = true;
                Cut = true;
            }
        }

        public List<Segment> Segments()
        {
            lock (_segments) return [.. _segments];
        }
    }
}
