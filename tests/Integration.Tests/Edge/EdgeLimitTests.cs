using System.Net;
using Integration.Tests.Images;

namespace Integration.Tests.Edge;

/// <summary>Rate limits and body sizes as nginx enforces them, each on a proxy of its own so buckets do not interfere.</summary>
[Collection(DockerCollection.Name)]
public sealed class EdgeLimitTests(DockerFixture docker) : IAsyncLifetime
{
    const int AuthBurst = 5;
    const int ApiBurst = 20;
    const int DefaultBodyLimit = 1024 * 1024;
    const int AttachmentBodyLimit = 25 * 1024 * 1024;

    EdgeEnvironment _edge = null!;

    public async Task InitializeAsync() => _edge = await EdgeEnvironment.StartAsync(docker);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Burst_plus_two_on_auth_ends_in_429_while_the_same_on_the_api_stays_under_its_limit()
    {
        var proxy = await _edge.StartProxyAsync("edge-proxy-auth-limit");
        using var https = _edge.Https(proxy);

        var auth = new List<HttpStatusCode>();
        var api = new List<HttpStatusCode>();
        for (var i = 0; i < AuthBurst + 2; i++)
        {
            auth.Add((await https.PostAsync("/api/v1/auth/login", new StringContent("{}"))).StatusCode);
            api.Add((await https.GetAsync("/api/v1/version")).StatusCode);
        }

        // One request plus the burst pass (they reach the api, which has no such route yet: 404); the rest wait a refill.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, AuthBurst + 1).Append(HttpStatusCode.TooManyRequests), auth);
        Assert.All(api, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task The_api_allows_its_burst_then_answers_429_within_a_bounded_loop()
    {
        var proxy = await _edge.StartProxyAsync("edge-proxy-api-limit");
        using var https = _edge.Https(proxy);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
            statuses.Add((await https.GetAsync("/api/v1/version")).StatusCode);

        Assert.All(statuses.Take(ApiBurst + 1), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_preview_server_and_trusted_synthetic_clients_are_not_rate_limited()
    {
        var gateway = await _edge.GatewayAsync();
        var trusting = await _edge.StartProxyAsync("edge-proxy-trusting", environment: [$"PAZPAZ_RATE_LIMIT_EXEMPT={gateway}/32"]);
        using var https = _edge.Https(trusting);
        using var preview = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{trusting.Ports[8081]}") };

        var trusted = new List<HttpStatusCode>();
        var previewed = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * (ApiBurst + 1); i++)
        {
            trusted.Add((await https.GetAsync("/api/v1/version")).StatusCode);
            previewed.Add((await preview.GetAsync("/api/v1/version")).StatusCode);
        }

        Assert.All(trusted, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(previewed, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Theory]
    [InlineData("/api/v1/workspaces/1/appointments", DefaultBodyLimit)]
    [InlineData("/api/v1/workspaces/1/attachments", AttachmentBodyLimit)]
    public async Task One_byte_over_the_locations_body_limit_is_413_and_exactly_the_limit_reaches_the_api(string path, int limit)
    {
        using var https = _edge.Https();

        var over = await https.PostAsync(path, new ByteArrayContent(new byte[limit + 1]));
        var atLimit = await https.PostAsync(path, new ByteArrayContent(new byte[limit]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Contains("payload_too_large", await over.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, atLimit.StatusCode);
        Assert.True(atLimit.Headers.Contains("X-App-Version"), $"{path}: a body of exactly {limit} bytes did not reach the api ({(int)atLimit.StatusCode})");
    }
}
