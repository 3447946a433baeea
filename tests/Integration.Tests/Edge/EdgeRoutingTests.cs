using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.Tests.Images;

namespace Integration.Tests.Edge;

/// <summary>Routes, headers on every status, request ids and logs, through the real proxy image to real upstreams.</summary>
[Collection(DockerCollection.Name)]
public sealed partial class EdgeRoutingTests(DockerFixture docker) : IAsyncLifetime
{
    EdgeEnvironment _edge = null!;

    public async Task InitializeAsync() => _edge = await EdgeEnvironment.StartAsync(docker);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_security_header_has_its_exact_value_on_200_and_404_from_the_api_the_spa_and_nginx()
    {
        using var https = _edge.Https();

        var version = await https.GetAsync("/api/v1/version");
        var spa = await https.GetAsync("/workspaces/1/schedule");
        var apiNotFound = await https.GetAsync("/api/v1/no-such-thing");
        var metrics = await https.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.OK, spa.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiNotFound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        foreach (var response in new[] { version, spa, apiNotFound, metrics })
            EdgeExpectations.AssertHardened(response);
        Assert.Equal("no-store", version.Headers.CacheControl?.ToString());
        Assert.Equal("no-cache", spa.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Every_security_header_is_on_429_and_502_answered_by_nginx_itself_as_json_for_the_api_and_html_for_people()
    {
        var down = await _edge.StartProxyAsync("edge-proxy-api-down", extraHosts: ["api-blue:127.0.0.1"]);
        using var https = _edge.Https(down);

        var badGateway = await https.GetAsync("/api/v1/version");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8 && (responses.Count == 0 || responses[^1].StatusCode != HttpStatusCode.TooManyRequests); i++)
            responses.Add(await https.PostAsync("/api/v1/auth/login", new StringContent("{}")));
        var tooMany = responses[^1];

        Assert.Equal(HttpStatusCode.BadGateway, badGateway.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        EdgeExpectations.AssertHardened(badGateway);
        EdgeExpectations.AssertHardened(tooMany);
        Assert.Equal("application/json", badGateway.Content.Headers.ContentType?.MediaType);
        Assert.Equal("upstream_unavailable", JsonDocument.Parse(await badGateway.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal("rate_limited", JsonDocument.Parse(await tooMany.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal("no-store", badGateway.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await https.GetAsync("/__errors/502.json")).StatusCode);
    }

    [Fact]
    public async Task A_well_formed_request_id_is_kept_end_to_end_and_a_forged_one_replaced()
    {
        using var https = _edge.Https();
        using var kept = new HttpRequestMessage(HttpMethod.Get, "/api/v1/version?patient=secret-query");
        kept.Headers.Add("X-Request-ID", "edge-test-0001");
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/version");
        forged.Headers.TryAddWithoutValidation("X-Request-ID", "bad id\" injected");

        var keptResponse = await https.SendAsync(kept);
        var forgedResponse = await https.SendAsync(forged);
        // nginx flushes its buffered access log once a second (nginx/snippets/logging.conf).
        await Task.Delay(1500);
        var apiLogs = await docker.LogsAsync(_edge.Api.Id);
        var proxyLog = (await docker.LogsAsync(_edge.Proxy.Id)).Split('\n').First(l => l.Contains("edge-test-0001", StringComparison.Ordinal));
        var entry = JsonDocument.Parse(proxyLog).RootElement;

        Assert.Equal("edge-test-0001", keptResponse.Headers.GetValues("X-Request-ID").Single());
        Assert.Matches("^[0-9a-f]{32}$", forgedResponse.Headers.GetValues("X-Request-ID").Single());
        Assert.Contains("edge-test-0001", apiLogs);
        Assert.Equal("/api/v1/version", entry.GetProperty("path").GetString());
        Assert.DoesNotContain("secret-query", proxyLog);
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal("200", entry.GetProperty("upstream_status").GetString());
        Assert.EndsWith(":8000", entry.GetProperty("upstream_addr").GetString());
        Assert.True(entry.TryGetProperty("upstream_response_time", out _) && entry.TryGetProperty("request_time", out _));
    }

    [Fact]
    public async Task Port_80_redirects_to_the_configured_name_never_the_clients_host_and_keeps_acme_challenges()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_edge.HttpPort}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/workspaces/1?x=1");
        request.Headers.Host = "evil.example";

        var redirect = await http.SendAsync(request);
        var challenge = await http.GetAsync("/.well-known/acme-challenge/missing-token");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"https://{EdgeEnvironment.ServerName}/workspaces/1?x=1", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    [Fact]
    public async Task Metrics_and_internal_endpoints_are_never_public_and_text_is_compressed()
    {
        using var https = _edge.Https();

        var drain = await https.PostAsync("/internal/drain", null);
        var apiMetrics = await https.GetAsync("/api/metrics");
        var html = await (await https.GetAsync("/")).Content.ReadAsStringAsync();
        using var asset = new HttpRequestMessage(HttpMethod.Get, AssetPath().Match(html).Value);
        asset.Headers.AcceptEncoding.ParseAdd("gzip");
        var compressed = await https.SendAsync(asset);

        Assert.Equal(HttpStatusCode.NotFound, drain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal("gzip", compressed.Content.Headers.ContentEncoding.Single());
        Assert.Equal("public, max-age=31536000, immutable", compressed.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_preview_server_reaches_its_own_upstream_through_the_same_routes_and_headers()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_edge.PreviewPort}") };

        var version = await http.GetAsync("/api/v1/version");
        var proxy = await docker.Client.Containers.InspectContainerAsync(_edge.Proxy.Id);

        Assert.Equal("10003:10003", proxy.Config!.User);
        Assert.True(proxy.HostConfig!.ReadonlyRootfs);

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(DockerFixture.Version.SemVer, version.Headers.GetValues("X-App-Version").Single());
        EdgeExpectations.AssertHardened(version);
    }

    [GeneratedRegex(@"/assets/index-[\w-]+\.js")]
    private static partial Regex AssetPath();
}
