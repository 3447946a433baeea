using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Observability;

/// <summary>
/// The two calls of Sentry's release API a deploy needs (https://docs.sentry.io/api/releases/): create the release
/// (<c>POST /api/0/organizations/{org}/releases/</c>; an existing version answers 208, also fine) and record a deploy of
/// it to an environment (<c>POST /api/0/organizations/{org}/releases/{version}/deploys/</c>). Errors name the host and
/// the status only.
/// </summary>
public sealed class SentryReleases(SentrySettings settings, HttpClient? client = null)
{
    readonly HttpClient _client = client ?? SharedClient;

    static readonly HttpClient SharedClient = new() { Timeout = TimeSpan.FromSeconds(15) };

    public Task CreateReleaseAsync(string version, CancellationToken cancellation) =>
        PostAsync("releases/", new ReleaseBody(version, [settings.Project]), cancellation);

    public Task CreateDeployAsync(string version, string environment, CancellationToken cancellation) =>
        PostAsync($"releases/{Uri.EscapeDataString(version)}/deploys/", new DeployBody(environment, [settings.Project]), cancellation);

    async Task PostAsync<T>(string path, T body, CancellationToken cancellation)
    {
        var url = new Uri(settings.Url, $"api/0/organizations/{Uri.EscapeDataString(settings.Organization)}/{path}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AuthToken);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new SentryException($"POST {url.AbsolutePath} on {url.Host} failed: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new SentryException($"POST {url.AbsolutePath} on {url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                    ((int)response.StatusCode is 401 or 403 ? ": the auth token is refused or lacks the project:releases scope" : ""));
        }
    }

    sealed record ReleaseBody([property: JsonPropertyName("version")] string Version, [property: JsonPropertyName("projects")] string[] Projects);

    sealed record DeployBody([property: JsonPropertyName("environment")] string Environment, [property: JsonPropertyName("projects")] string[] Projects);
}

/// <summary>A Sentry call that did not succeed; the message names the host, path and status, never the token.</summary>
public sealed class SentryException(string message) : Exception(message);
