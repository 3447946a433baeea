using System.Net;
using System.Text.Json;

namespace Delivery.Deployment;

/// <summary>HTTP questions the deploy asks through the real proxy: which version serves, and is the candidate ready.</summary>
public interface IReleaseProbe
{
    /// <summary>The version <c>/api/v1/version</c> reports on the public server, or null when it does not answer.</summary>
    Task<string?> LiveVersionAsync(CancellationToken cancellation);

    /// <summary>The version the preview server's colour reports, or null.</summary>
    Task<string?> PreviewVersionAsync(CancellationToken cancellation);

    /// <summary>200 from <c>/api/v1/health/ready</c> through the public (false) or preview (true) server.</summary>
    Task<bool> ReadyAsync(bool preview, CancellationToken cancellation);
}

/// <summary>
/// Asks through the proxy's loopback ports on this host (the engine's own ports). The public check does not verify
/// the certificate: it asks which colour answers, not who the server is, and a local environment's is self-signed.
/// </summary>
public sealed class LoopbackReleaseProbe(Topology topology) : IReleaseProbe, IDisposable
{
    readonly HttpClient _public = new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        PooledConnectionLifetime = TimeSpan.FromSeconds(1),
    })
    { BaseAddress = new Uri($"https://127.0.0.1:{topology.HttpsPort}"), Timeout = TimeSpan.FromSeconds(5) };

    readonly HttpClient _preview = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) })
    { BaseAddress = new Uri($"http://127.0.0.1:{topology.PreviewPort}"), Timeout = TimeSpan.FromSeconds(5) };

    public Task<string?> LiveVersionAsync(CancellationToken cancellation) => VersionAsync(_public, cancellation);

    public Task<string?> PreviewVersionAsync(CancellationToken cancellation) => VersionAsync(_preview, cancellation);

    static async Task<string?> VersionAsync(HttpClient http, CancellationToken cancellation)
    {
        try
        {
            using var response = await http.GetAsync("/api/v1/version", cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
                return null;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
            return json.RootElement.GetProperty("version").GetString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> ReadyAsync(bool preview, CancellationToken cancellation)
    {
        try
        {
            using var response = await (preview ? _preview : _public).GetAsync("/api/v1/health/ready", cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _public.Dispose();
        _preview.Dispose();
    }
}
