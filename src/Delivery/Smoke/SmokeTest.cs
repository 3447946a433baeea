using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Delivery.Load;

namespace Delivery.Smoke;

/// <summary>Where to smoke-test and what to expect: the public server, or the preview server before a switch.</summary>
public sealed record SmokeSettings(Uri BaseUrl, string? ExpectedVersion)
{
    /// <summary>A workspace no practice uses; whatever the smoke test creates there it deletes again.</summary>
    public int Workspace { get; init; } = 999_999_001;

    public int LatencyRequests { get; init; } = 300;
    public TimeSpan LatencyBudget { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Loopback servers of a local environment carry a self-signed certificate; anything else is verified.</summary>
    public bool TrustAnyCertificate => BaseUrl.IsLoopback;
}

public sealed record SmokeCheck(string Name, bool Passed, string Detail, TimeSpan Duration);

public sealed record SmokeReport(Uri BaseUrl, IReadOnlyList<SmokeCheck> Checks, LatencyBudgetResult Latency)
{
    public bool Passed => Checks.All(c => c.Passed) && Latency.Passed;

    public string Render()
    {
        var width = Checks.Max(c => c.Name.Length) + 2;
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Smoke test of {BaseUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"Check".PadRight(width)}{"Result",-8}{"Time",9}  Detail");
        foreach (var check in Checks)
            text.AppendLine(CultureInfo.InvariantCulture, $"{check.Name.PadRight(width)}{(check.Passed ? "pass" : "FAIL"),-8}{check.Duration.TotalMilliseconds,7:0} ms  {check.Detail}");
        return text.AppendLine().Append(Load.LatencyBudget.RenderTable([Latency])).ToString();
    }
}

/// <summary>
/// What a person would try first after a release, automated: health, version, a write that is read back and removed,
/// a WebSocket round trip, a hashed asset, and the schedule endpoint's p95 against its budget.
/// </summary>
public sealed partial class SmokeTest(SmokeSettings settings) : IDisposable
{
    readonly HttpClient _http = new(new SocketsHttpHandler
    {
        SslOptions = settings.TrustAnyCertificate ? new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true } : new(),
        AutomaticDecompression = DecompressionMethods.All,
    })
    { BaseAddress = settings.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<SmokeReport> RunAsync(CancellationToken cancellation = default)
    {
        var checks = new List<SmokeCheck>
        {
            await CheckAsync("ready", async () =>
            {
                using var response = await _http.GetAsync("/api/v1/health/ready", cancellation);
                return (response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(cancellation))}");
            }),
            await CheckAsync("version", async () =>
            {
                var version = (await _http.GetFromJsonAsync<JsonElement>("/api/v1/version", cancellation)).GetProperty("version").GetString();
                return (settings.ExpectedVersion is null || version == settings.ExpectedVersion,
                    settings.ExpectedVersion is null ? version ?? "" : $"{version} (expected {settings.ExpectedVersion})");
            }),
            await CheckAsync("create, list, delete", () => WriteReadDeleteAsync(cancellation)),
            await CheckAsync("websocket round trip", () => WebSocketAsync(cancellation)),
            await CheckAsync("hashed asset", () => AssetAsync(cancellation)),
        };
        var latency = await LatencyAsync(cancellation);
        return new SmokeReport(settings.BaseUrl, checks, latency);
    }

    async Task<(bool, string)> WriteReadDeleteAsync(CancellationToken cancellation)
    {
        var path = $"/api/v1/workspaces/{settings.Workspace}/appointments";
        var marker = "smoke-" + Guid.NewGuid().ToString("N")[..12];
        using var create = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new { client_name = marker, starts_at = "2030-01-01T09:00:00Z", duration_minutes = 30 }),
        };
        // Keyed like every write a careful client makes, so the edge may resend it if a colour dies under it.
        create.Headers.Add("Idempotency-Key", marker);
        using var created = await _http.SendAsync(create, cancellation);
        if (created.StatusCode != HttpStatusCode.Created)
            return (false, $"POST answered {(int)created.StatusCode}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetInt64();
        try
        {
            var listed = await _http.GetFromJsonAsync<JsonElement>(path, cancellation);
            if (!listed.EnumerateArray().Any(a => a.GetProperty("client_name").GetString() == marker))
                return (false, $"appointment {id} was created but is not listed");
        }
        finally
        {
            using var deleted = await _http.DeleteAsync($"{path}/{id}", CancellationToken.None);
        }
        var after = await _http.GetFromJsonAsync<JsonElement>(path, cancellation);
        return after.EnumerateArray().Any(a => a.GetProperty("client_name").GetString() == marker)
            ? (false, $"appointment {id} is still listed after DELETE")
            : (true, $"appointment {id} created, listed, deleted");
    }

    async Task<(bool, string)> WebSocketAsync(CancellationToken cancellation)
    {
        using var socket = new ClientWebSocket();
        if (settings.TrustAnyCertificate)
            socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var scheme = settings.BaseUrl.Scheme == "https" ? "wss" : "ws";
        await socket.ConnectAsync(new Uri($"{scheme}://{settings.BaseUrl.Authority}/ws"), timeout.Token);
        var message = $"{{\"type\":\"smoke\",\"id\":\"{Guid.NewGuid():N}\"}}";
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return (false, $"closed by the server ({result.CloseStatus})");
            if (Encoding.UTF8.GetString(buffer, 0, result.Count) == message)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "smoke done", CancellationToken.None);
                return (true, "message relayed back through Redis");
            }
        }
    }

    async Task<(bool, string)> AssetAsync(CancellationToken cancellation)
    {
        var html = await _http.GetStringAsync("/", cancellation);
        if (AssetPath().Match(html) is not { Success: true } asset)
            return (false, "index.html names no /assets/*.js");
        using var response = await _http.GetAsync(asset.Value, cancellation);
        var caching = response.Headers.CacheControl?.ToString() ?? "";
        return (response.StatusCode == HttpStatusCode.OK && caching.Contains("immutable", StringComparison.Ordinal),
            $"{asset.Value}: {(int)response.StatusCode}, Cache-Control: {caching}");
    }

    async Task<LatencyBudgetResult> LatencyAsync(CancellationToken cancellation)
    {
        var samples = new List<TimeSpan>();
        var failed = 0;
        for (var i = 0; i < settings.LatencyRequests; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using var response = await _http.GetAsync("/api/v1/workspaces/1/appointments", cancellation);
                await response.Content.LoadIntoBufferAsync(cancellation);
                if (response.IsSuccessStatusCode)
                    samples.Add(stopwatch.Elapsed);
                else
                    failed++;
            }
            catch (HttpRequestException)
            {
                failed++;
            }
        }
        return new LatencyBudget("schedule (GET appointments)", settings.LatencyBudget).Evaluate(samples, failed);
    }

    static async Task<SmokeCheck> CheckAsync(string name, Func<Task<(bool Passed, string Detail)>> check)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var (passed, detail) = await check();
            return new SmokeCheck(name, passed, detail, stopwatch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or WebSocketException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new SmokeCheck(name, false, e.GetType().Name + ": " + e.Message, stopwatch.Elapsed);
        }
    }

    static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    [GeneratedRegex(@"/assets/[\w.-]+\.js")]
    private static partial Regex AssetPath();

    public void Dispose() => _http.Dispose();
}
