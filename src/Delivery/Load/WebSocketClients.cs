using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;

namespace Delivery.Load;

public sealed record WebSocketClientSettings(Uri Url, int Clients)
{
    /// <summary>The first reconnect waits 50–100% of this; each failed attempt doubles it up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Protocol pings with a pong deadline, so a peer that vanished without a FIN is found and counted.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The hard stop: clients close by themselves after this even if nobody calls <c>StopAsync</c>.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>For <c>wss://</c> with a private CA, for example.</summary>
    public Action<ClientWebSocketOptions>? Configure { get; init; }

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>The clock of every connect, close and failure time; a benchmark gives all its parts one clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (Url.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"The WebSocket URL must be ws:// or wss://, not '{Url}'.");
        if (Clients < 1)
            throw new ArgumentException($"Clients must be at least 1, not {Clients}.");
        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
            throw new ArgumentException($"Backoff must be positive with InitialBackoff ({InitialBackoff}) ≤ MaxBackoff ({MaxBackoff}).");
    }
}

/// <summary>
/// N WebSocket clients that stay connected, ignore the app's <c>{"type":"ping"}</c> messages, record every close the server
/// causes and reconnect with jittered exponential backoff, as the Vue client does. During a drain each close should be 1012
/// (Service Restart); anything else (another code, or the connection simply dying) is a client that saw an outage.
/// </summary>
public sealed class WebSocketClients : IAsyncDisposable
{
    readonly WebSocketClientSettings _settings;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentQueue<WebSocketClose> _closes = new();
    readonly ConcurrentQueue<WebSocketConnectFailure> _connectFailures = new();
    readonly Task[] _clients;
    readonly DateTimeOffset _startedAt;
    int _open;
    int _connects;

    WebSocketClients(WebSocketClientSettings settings)
    {
        settings.Validate();
        _settings = settings;
        _startedAt = settings.Clock.GetUtcNow();
        _stop.CancelAfter(settings.MaxDuration);
        _clients = Enumerable.Range(0, settings.Clients).Select(i => Task.Run(() => RunClientAsync(i))).ToArray();
    }

    public static WebSocketClients Start(WebSocketClientSettings settings) => new(settings);

    /// <summary>Clients connected right now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Waits until every client is connected; false on timeout (the server refused or is slow).</summary>
    public async Task<bool> WaitUntilAllOpenAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Open < _settings.Clients)
        {
            if (clock.Elapsed >= timeout)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        return true;
    }

    /// <summary>Stops every client (these ends are ours and not counted) and reports what the server and the network did.</summary>
    public async Task<WebSocketReport> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        return new WebSocketReport(_startedAt, _settings.Clients, _connects, _closes.OrderBy(c => c.At).ToList(), _connectFailures.OrderBy(f => f.At).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    async Task RunClientAsync(int client)
    {
        var random = new Random(HashCode.Combine(_settings.Seed, client));
        var failedAttempts = 0;
        WebSocketClose? lastClose = null;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = _settings.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = _settings.KeepAliveTimeout;
            _settings.Configure?.Invoke(socket.Options);
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                connectTimeout.CancelAfter(_settings.ConnectTimeout);
                await socket.ConnectAsync(_settings.Url, connectTimeout.Token);
            }
#pragma warning disable CA1031 // Every failed connect is data; the client backs off and tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (token.IsCancellationRequested)
                    break;
                _connectFailures.Enqueue(new WebSocketConnectFailure(client, _settings.Clock.GetUtcNow(), exception.GetType().Name + ": " + exception.Message));
                await BackoffAsync(random, ++failedAttempts, token);
                continue;
            }

            var openedAt = _settings.Clock.GetUtcNow();
            Interlocked.Increment(ref _connects);
            Interlocked.Increment(ref _open);
            if (lastClose is not null)
                lastClose.ReconnectedAfter = openedAt - lastClose.At;
            failedAttempts = 0;
            var closed = await ReceiveUntilClosedAsync(client, socket, token);
            Interlocked.Decrement(ref _open);
            if (closed is null)
                break;
            _closes.Enqueue(closed);
            lastClose = closed;
            await BackoffAsync(random, 1, token);
        }
    }

    /// <summary>The server's close, or null when we stopped the client ourselves.</summary>
    async Task<WebSocketClose?> ReceiveUntilClosedAsync(int client, ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, token);
                if (result.MessageType != WebSocketMessageType.Close)
                    continue;
                var close = new WebSocketClose(client, _settings.Clock.GetUtcNow(), result.CloseStatus, result.CloseStatusDescription, null);
                using var reply = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, reply.Token).ConfigureAwait(false);
                return close;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // ReceiveAsync cancelled aborts the socket, which is how a stopped client ends: no close of the server's to count.
            return null;
        }
#pragma warning disable CA1031 // The connection died without a close frame: the "abnormal closure" (1006) a client sees.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new WebSocketClose(client, _settings.Clock.GetUtcNow(), null, null, exception.GetType().Name + ": " + exception.Message);
        }
    }

    async Task BackoffAsync(Random random, int attempt, CancellationToken token)
    {
        var ceiling = Math.Min(_settings.MaxBackoff.TotalMilliseconds, _settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        // Jitter spreads a drain's thousands of reconnects over time instead of landing them on the new colour at once.
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + random.NextDouble() / 2));
        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop sees the token.
        }
    }
}
