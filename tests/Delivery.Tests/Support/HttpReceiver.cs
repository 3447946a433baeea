using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Delivery.Tests.Support;

public sealed record ReceivedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 and a free port (a TcpListener, so no URL ACL or port race): records each request
/// and answers <see cref="StatusCode"/>. Enough for a webhook POST with Content-Length or chunked body.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    readonly List<ReceivedRequest> _requests = [];
    readonly TaskCompletionSource<ReceivedRequest> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HttpReceiver(int statusCode = 200)
    {
        StatusCode = statusCode;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int StatusCode { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public IReadOnlyList<ReceivedRequest> Requests { get { lock (_requests) return [.. _requests]; } }

    public Task<ReceivedRequest> FirstRequest(TimeSpan timeout) => _first.Task.WaitAsync(timeout);

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            using (client)
            {
                try { await ServeAsync(client.GetStream()); }
                catch (IOException) { }
            }
        }
    }

    async Task ServeAsync(NetworkStream stream)
    {
        var head = await ReadHeadAsync(stream);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
            body = await ReadExactlyAsync(stream, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = await ReadChunkedAsync(stream);
        else
            body = [];
        var request = new ReceivedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
        lock (_requests) _requests.Add(request);
        _first.TrySetResult(request);
        var reply = $"HTTP/1.1 {StatusCode} {(StatusCode < 400 ? "OK" : "Error")}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token);
    }

    async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                throw new IOException("connection closed inside the request head");
            bytes.Add(one[0]);
        }
        return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 4);
    }

    async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, _stop.Token);
        return buffer;
    }

    async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 2 && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                throw new IOException("connection closed inside a chunk header");
            bytes.Add(one[0]);
        }
        return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 2);
    }

    async Task<byte[]> ReadChunkedAsync(NetworkStream stream)
    {
        var body = new List<byte>();
        while (true)
        {
            var size = Convert.ToInt32((await ReadLineAsync(stream)).Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return [.. body];
            }
            body.AddRange(await ReadExactlyAsync(stream, size));
            await ReadLineAsync(stream);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
