using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// One client connection from the first byte to the close: picks SOCKS4 or SOCKS5 from the version octet, runs the
/// handshake under the handshake deadline, then the command, and writes one log line at the end.
/// </summary>
internal sealed partial class ClientSession
{
    // Longest handshake message (SOCKS4a: 8 + 255 + 1 + 255 + 1 = 520) plus room for pipelined bytes behind it.
    private const int HandshakeBufferSize = 2048;

    private readonly ServerOptions _o;
    private readonly Connection _conn;
    private readonly Socket _client;
    private readonly CancellationToken _stop;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly EndPoint? _peer;
    private byte[]? _buffer;
    private readonly HandshakeReader _reader;

    private string _proto = "-", _method = "-", _cmd = "-", _outcome = "closed";
    private string? _user, _dst;
    private long _up, _down;
    private Exception? _error;

    public ClientSession(ReferenceServer server, Connection conn, CancellationToken stop)
    {
        _o = server.Options;
        _conn = conn;
        _client = conn.Client;
        _stop = stop;
        // getpeername is a system call: only paid when someone reads the log.
        _peer = _o.Log is null ? null : SafeRemote(conn.Client);
        _buffer = ArrayPool<byte>.Shared.Rent(HandshakeBufferSize);
        _reader = new HandshakeReader(_client, _buffer);
    }

    /// <summary>
    /// Runs the session. What a peer or the network can cause (a close, a reset, a timeout, bad bytes) ends it with an
    /// outcome in the log; any other exception is a bug in this server: logged with its stack and rethrown, for
    /// <see cref="ReferenceServer"/> to count and report.
    /// </summary>
    public async Task RunAsync()
    {
        _conn.HandshakeDeadline = Environment.TickCount64 + (long)_o.HandshakeTimeout.TotalMilliseconds;
        try
        {
            _client.NoDelay = true;
            var version = await _reader.PeekAsync(_stop).ConfigureAwait(false);
            _o.FirstOctetHook?.Invoke(version);
            switch (version)
            {
                case 5: await Socks5Async().ConfigureAwait(false); break;
                case 4: await Socks4Async().ConfigureAwait(false); break;
                default:
                    // Neither version: there is no reply layout the client could read, so the only answer is a close.
                    _outcome = "unknown version octet";
                    break;
            }
        }
        catch (RequestFailure e) { _outcome = e.Message; }
        catch (Exception e) when (_conn.TimedOut && e is SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            _outcome = "handshake timeout";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { _outcome = "server stopping"; }
        catch (EndOfStreamException) { _outcome = "client closed during handshake"; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidDataException)
        {
            _outcome = $"connection error ({(e as SocketException)?.SocketErrorCode.ToString() ?? e.GetType().Name})";
        }
        catch (Exception e)
        {
            _outcome = $"internal error ({e.GetType().Name})";
            _error = e;
            throw;
        }
        finally
        {
            EndHandshake();
            _conn.Abort();
            Log();
        }
    }

    /// <summary>Frees the handshake buffer so a relaying connection holds none.</summary>
    private void EndHandshake()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }

    /// <summary>Reads a client message; the sweep closes the connection if the handshake deadline passes first.</summary>
    private ValueTask<(ReadResult Result, T Message)> ReadAsync<T>() where T : struct, ISocksMessage<T> =>
        _reader.ReadAsync<T>(_stop);

    /// <summary>The request is in: what follows (connect, BIND wait) has its own deadlines.</summary>
    private void RequestRead() => _conn.HandshakeDeadline = long.MaxValue;

    private async ValueTask SendAsync<T>(T message) where T : struct, ISocksMessage<T>
    {
        var bytes = SocksMessage.ToArray(message);
        await TcpRelay.SendAllAsync(_client, bytes).ConfigureAwait(false);
    }

    /// <summary>
    /// After a failure reply: FIN at once (the client sees the close immediately, far inside RFC 1928's 10 s), then
    /// a short bounded drain so that unread pipelined input does not turn the close into a reset that could destroy the
    /// reply before the client reads it.
    /// </summary>
    private async Task CloseAfterFailureAsync(string outcome)
    {
        _outcome = outcome;
        try
        {
            _client.Shutdown(SocketShutdown.Send);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(_stop);
            drain.CancelAfter(TimeSpan.FromMilliseconds(500));
            var sink = new byte[512];
            for (int total = 0; total < 64 * 1024;)
            {
                int n = await _client.ReceiveAsync(sink, SocketFlags.None, drain.Token).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
    }

    /// <summary>Sends the pipelined bytes that came with the handshake, then relays until both sides are done.</summary>
    private async Task RelayAsync(Socket other)
    {
        var leftover = _reader.Leftover;
        if (leftover.Length > 0)
        {
            await TcpRelay.SendAllAsync(other, leftover).ConfigureAwait(false);
            _up += leftover.Length;
        }
        EndHandshake();
        _client.Blocking = false;
        other.Blocking = false;
        _conn.Touch();
        var (up, down) = await TcpRelay.RunAsync(_conn, _client, other, _o.RelayBufferSize, _o.UseSplice).ConfigureAwait(false);
        _up += up;
        _down += down;
        _outcome = "succeeded";
    }

    private void Log()
    {
        if (_o.Log is not { } log) return;
        try
        {
            log(new ConnectionLogEntry(_peer, _proto, _method, _user, _cmd, _dst, _outcome, _up, _down,
                Stopwatch.GetElapsedTime(_started)) { Error = _error });
        }
        catch
        {
            // A failing logger must not take the server down.
        }
    }

    /// <summary>Never throws (the socket may already be reset or closed), so that constructing a session cannot fail.</summary>
    private static EndPoint? SafeRemote(Socket s)
    {
        try { return s.RemoteEndPoint; } catch (Exception e) when (e is SocketException or ObjectDisposedException) { return null; }
    }

    private IPEndPoint LocalOfClient() => Outbound.Plain((IPEndPoint)_client.LocalEndPoint!);

    private static string Escaped(ReadOnlySpan<byte> b) => Printable.Escape(b);
}
