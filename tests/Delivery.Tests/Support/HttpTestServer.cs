using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Delivery.Tests.Support;

public sealed record HttpTestRequest(string Method, string Path, string Body, int Connection, TimeSpan ReceivedAt);

/// <summary>What the server does with a request.</summary>
public abstract record HttpTestReply
{
    public static HttpTestReply Ok(string body = "{}", int status = 200) => new Respond(status, body);

    public sealed record Respond(int Status, string Body) : HttpTestReply;

    /// <summary>Close with a TCP RST after reading the request, like a killed process.</summary>
    public sealed record Reset : HttpTestReply;

    /// <summary>Close with a FIN and no response, like a reloaded proxy dropping a keep-alive connection.</summary>
    public sealed record Eof : HttpTestReply;

    /// <summary>Never answer (until the server is disposed), like a wedged upstream.</summary>
    public sealed record Hang : HttpTestReply;

    /// <summary>Accept a WebSocket upgrade and hand the socket to <see cref="Session"/>.</summary>
    public sealed record WebSocket(Func<WebSocketSession, Task> Session) : HttpTestReply;
}

public sealed class WebSocketSession(System.Net.WebSockets.WebSocket socket, Socket connection, int index)
{
    public System.Net.WebSockets.WebSocket Socket => socket;

    /// <summary>The server's count of upgrades so far, from 0: lets a test treat the first connection differently.</summary>
    public int Index => index;

    /// <summary>Drops the TCP connection with a RST and no close frame.</summary>
    public void Abort()
    {
        connection.LingerState = new LingerOption(true, 0);
        connection.Close();
    }
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 over a raw TcpListener, so tests control what a real server cannot be told to do:
/// stall every response for a while, reset or drop a connection, close a WebSocket with a chosen code or abort it.
/// </summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly Func<HttpTestRequest, HttpTestReply> _handler;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentQueue<HttpTestRequest> _requests = new();
    readonly ConcurrentBag<Socket> _connections = [];
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly Task _accepting;
    long _stallUntilTicks;
    int _connectionCount;
    int _upgrades;

    public HttpTestServer(Func<HttpTestRequest, HttpTestReply>? handler = null)
    {
        _handler = handler ?? (_ => HttpTestReply.Ok());
        _listener.Start();
        // Off the test's synchronization context: xunit runs posted continuations on a few threads of its own.
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public Uri WebSocketAddress => new($"ws://127.0.0.1:{Port}/ws");
    public IReadOnlyList<HttpTestRequest> Requests => _requests.ToList();
    public int Connections => Volatile.Read(ref _connectionCount);
    public int Upgrades => Volatile.Read(ref _upgrades);

    /// <summary>
    /// Holds every response to a request received from now on until <paramref name="duration"/> has passed; returns the start
    /// of the stall on the server's clock (the clock of <see cref="HttpTestRequest.ReceivedAt"/>).
    /// </summary>
    public TimeSpan StallFor(TimeSpan duration)
    {
        var now = _clock.Elapsed;
        Interlocked.Exchange(ref _stallUntilTicks, (now + duration).Ticks);
        return now;
    }

    /// <summary>A port with nothing listening on it (bound, then released).</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _connections.Add(socket);
            var connection = Interlocked.Increment(ref _connectionCount);
            _ = Task.Run(() => ServeAsync(socket, connection));
        }
    }

    async Task ServeAsync(Socket socket, int connection)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var reader = new BufferedStream(stream);
            while (!_stop.IsCancellationRequested)
            {
                var head = await ReadHeadAsync(reader);
                if (head is null)
                    return;
                var lines = head.Split("\r\n");
                var start = lines[0].Split(' ');
                var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                    .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
                var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var body = new byte[length];
                await reader.ReadExactlyAsync(body, _stop.Token);
                var request = new HttpTestRequest(start[0], start[1], Encoding.UTF8.GetString(body), connection, _clock.Elapsed);
                _requests.Enqueue(request);

                var stallUntil = TimeSpan.FromTicks(Interlocked.Read(ref _stallUntilTicks));
                if (stallUntil > _clock.Elapsed)
                    await Task.Delay(stallUntil - _clock.Elapsed, _stop.Token);

                switch (_handler(request))
                {
                    case HttpTestReply.Respond respond:
                        var payload = Encoding.UTF8.GetBytes(respond.Body);
                        var close = headers.TryGetValue("Connection", out var mode) && mode.Equals("close", StringComparison.OrdinalIgnoreCase);
                        var response = $"HTTP/1.1 {respond.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\n"
                            + $"X-App-Version: test\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(response).Concat(payload).ToArray(), _stop.Token);
                        if (close)
                            return;
                        break;
                    case HttpTestReply.Reset:
                        socket.LingerState = new LingerOption(true, 0);
                        socket.Close();
                        return;
                    case HttpTestReply.Hang:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        return;
                    case HttpTestReply.Eof:
                        socket.Shutdown(SocketShutdown.Both);
                        return;
                    case HttpTestReply.WebSocket upgrade:
                        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(
                            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), _stop.Token);
                        // The client sends no frame before it reads the 101, so the buffered reader holds nothing to hand over.
                        using (var webSocket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true }))
                            await upgrade.Session(new WebSocketSession(webSocket, socket, Interlocked.Increment(ref _upgrades) - 1));
                        return;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client went away; nothing to serve.
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    async Task<string?> ReadHeadAsync(Stream reader)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await reader.ReadAsync(one, _stop.Token) == 0)
                return null;
            head.Append((char)one[0]);
            if (head.Length > 16_384)
                throw new IOException("Request head too long.");
        }
        return head.ToString(0, head.Length - 4);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _connections)
            socket.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
