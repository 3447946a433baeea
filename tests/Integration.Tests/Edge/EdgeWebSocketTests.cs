using System.Net;
using System.Net.WebSockets;
using System.Text;
using Integration.Tests.Images;

namespace Integration.Tests.Edge;

/// <summary>WebSockets through nginx: the upgrade, a Redis round trip, and an idle connection outliving nginx's default timeout.</summary>
[Collection(DockerCollection.Name)]
public sealed class EdgeWebSocketTests(DockerFixture docker) : IAsyncLifetime
{
    static readonly TimeSpan NginxDefaultReadTimeout = TimeSpan.FromSeconds(60);

    EdgeEnvironment _edge = null!;

    public async Task InitializeAsync() => _edge = await EdgeEnvironment.StartAsync(docker);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_upgrade_answers_101_and_a_message_round_trips_through_the_api_and_redis()
    {
        using var socket = await _edge.ConnectWebSocketAsync();

        var echoed = await RoundTripAsync(socket, "{\"type\":\"hello\",\"from\":\"edge\"}");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal("{\"type\":\"hello\",\"from\":\"edge\"}", echoed);
    }

    [Fact]
    public async Task A_connection_idle_for_longer_than_nginxs_default_read_timeout_still_carries_messages()
    {
        // The socket was opened when the environment started; neither side sends anything since (no pings from the api
        // or the client), so only the /ws location's proxy_read_timeout decides whether it stays open. Other tests run meanwhile; wait out whatever is left.
        var idle = NginxDefaultReadTimeout + TimeSpan.FromSeconds(5);
        var remaining = _edge.IdleSince + idle - DateTime.UtcNow;
        if (remaining > TimeSpan.Zero)
            await Task.Delay(remaining);

        var echoed = await RoundTripAsync(_edge.IdleSocket, "{\"type\":\"still-here\"}");
        var (_, configuration) = await _edge.ExecAsync(_edge.Proxy.Id, "nginx", "-T");

        Assert.Equal(WebSocketState.Open, _edge.IdleSocket.State);
        Assert.Equal("{\"type\":\"still-here\"}", echoed);
        Assert.Contains("proxy_read_timeout 3600s;", WebSocketSnippet(configuration));
    }

    static string WebSocketSnippet(string configuration)
    {
        var start = configuration.IndexOf("# configuration file /etc/nginx/pazpaz/snippets/websocket.conf:", StringComparison.Ordinal);
        Assert.True(start >= 0, "nginx -T does not show snippets/websocket.conf");
        var end = configuration.IndexOf("# configuration file", start + 10, StringComparison.Ordinal);
        return configuration[start..(end < 0 ? configuration.Length : end)];
    }

    static async Task<string> RoundTripAsync(ClientWebSocket socket, string message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        while (true)
        {
            var buffer = new byte[4096];
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            var received = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (received == message)
                return received;
        }
    }
}
