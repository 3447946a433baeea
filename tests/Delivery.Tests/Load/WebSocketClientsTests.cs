using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Delivery.Load;
using Delivery.Tests.Support;

namespace Delivery.Tests.Load;

[Collection(LoadTimingCollection.Name)]
public sealed class WebSocketClientsTests
{
    const int Clients = 4;

    /// <summary>The first connection of each client gets a ping and then <paramref name="end"/>; reconnections stay open.</summary>
    static HttpTestServer Server(Func<WebSocketSession, Task> end) => new(_ => new HttpTestReply.WebSocket(async session =>
    {
        var socket = session.Socket;
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"ping"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        if (session.Index < Clients)
        {
            await Task.Delay(100);
            await end(session);
            return;
        }
        var buffer = new byte[1024];
        while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
        {
        }
    }));

    static WebSocketClientSettings Settings(Uri url) => new(url, Clients) { InitialBackoff = TimeSpan.FromMilliseconds(50), Seed = 1 };

    static async Task<WebSocketReport> RunUntilReconnectedAsync(HttpTestServer server)
    {
        var clients = WebSocketClients.Start(Settings(server.WebSocketAddress));
        var clock = Stopwatch.StartNew();
        while (!(server.Upgrades >= 2 * Clients && clients.Open == Clients) && clock.Elapsed < TimeSpan.FromSeconds(4))
            await Task.Delay(20);
        Assert.Equal(Clients, clients.Open);
        return await clients.StopAsync();
    }

    [Fact]
    public async Task Closes_and_reconnects_are_timed_on_the_clock_the_clients_are_given()
    {
        await using var server = Server(s => s.Socket.CloseAsync((WebSocketCloseStatus)1012, "service restart", CancellationToken.None));
        var clients = WebSocketClients.Start(Settings(server.WebSocketAddress) with { Clock = new ShiftedClock(TimeSpan.FromHours(-1)) });
        var clock = Stopwatch.StartNew();
        while (!(server.Upgrades >= 2 * Clients && clients.Open == Clients) && clock.Elapsed < TimeSpan.FromSeconds(4))
            await Task.Delay(20);

        var report = await clients.StopAsync();

        Assert.Equal(Clients, report.Closes.Count);
        Assert.All(report.Closes, c => Assert.InRange(c.At, DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-10), DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task A_close_with_1012_is_expected_and_each_client_reconnects()
    {
        await using var server = Server(s => s.Socket.CloseAsync((WebSocketCloseStatus)1012, "service restart", CancellationToken.None));

        var report = await RunUntilReconnectedAsync(server);

        Assert.Equal(Clients, report.Closes.Count);
        Assert.All(report.Closes, c => Assert.True(c.IsServiceRestart));
        Assert.Equal(0, report.ClosedWithout1012);
        Assert.Equal(Clients, report.Reconnects);
        Assert.Equal(2 * Clients, report.Connects);
        Assert.Empty(report.ConnectFailures);
        // Reconnects wait 25–50 ms of jittered backoff first.
        Assert.InRange(report.ReconnectTime.Max, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2));
        Assert.Contains("Close codes: 1012 × 4", report.Render());
    }

    [Fact]
    public async Task An_aborted_connection_is_an_abnormal_close_without_1012()
    {
        await using var server = Server(s =>
        {
            s.Abort();
            return Task.CompletedTask;
        });

        var report = await RunUntilReconnectedAsync(server);

        Assert.Equal(Clients, report.ClosedWithout1012);
        Assert.All(report.Closes, c => Assert.Null(c.Status));
        Assert.Equal([KeyValuePair.Create("abnormal", Clients)], report.CloseCodes);
        Assert.Equal(Clients, report.Reconnects);
    }

    [Fact]
    public async Task Any_other_close_code_counts_as_closed_without_1012()
    {
        await using var server = Server(s => s.Socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", CancellationToken.None));

        var report = await RunUntilReconnectedAsync(server);

        Assert.Equal(Clients, report.ClosedWithout1012);
        Assert.Equal([KeyValuePair.Create("1001", Clients)], report.CloseCodes);
    }

    [Fact]
    public async Task A_refused_connect_is_a_connect_failure_retried_with_backoff_not_a_close()
    {
        var clients = WebSocketClients.Start(Settings(new Uri($"ws://127.0.0.1:{HttpTestServer.ClosedPort()}/ws")));
        await Task.Delay(400);
        var clock = Stopwatch.StartNew();

        var report = await clients.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stop took {clock.Elapsed}");
        Assert.Empty(report.Closes);
        Assert.Equal(0, report.Connects);
        // 400 ms of doubling backoff from 50 ms allows at most 4 attempts per client; without backoff it would be hundreds.
        Assert.InRange(report.ConnectFailures.Count, Clients * 2, Clients * 5);
    }

    [Fact]
    public void Only_ws_and_wss_urls_are_accepted()
    {
        var error = Assert.Throws<ArgumentException>(() => WebSocketClients.Start(new WebSocketClientSettings(new Uri("http://127.0.0.1/ws"), 1)));

        Assert.Contains("ws:// or wss://", error.Message);
    }
}
