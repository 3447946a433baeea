using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Audit;

/// <summary>
/// POSTs <c>{"text": "..."}</c> to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Teams workflows).
/// The URL is a secret — whoever has it can post to the channel — so it is never logged: errors name only its host.
/// </summary>
public sealed class WebhookNotifier(Uri url, HttpClient? client = null) : IDeployNotifier
{
    readonly HttpClient _client = client ?? SharedClient;

    static readonly HttpClient SharedClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string Name => $"webhook to {url.Host}";

    public async Task NotifyAsync(AuditEvent record, CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            // A string body, so Content-Length is sent: some webhook front ends refuse chunked requests.
            using var body = new StringContent(JsonSerializer.Serialize(new SlackMessage(NotificationText.For(record))), Encoding.UTF8, "application/json");
            response = await _client.PostAsync(url, body, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            // Not rethrown as inner: the handler's message or stack could carry the request URI.
            throw new DeployNotificationException($"POST to {url.Host} failed: {Scrub(e.Message)}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new DeployNotificationException($"POST to {url.Host} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    string Scrub(string message) =>
        message.Replace(url.OriginalString, url.Host, StringComparison.Ordinal).Replace(url.PathAndQuery, "/***", StringComparison.Ordinal);

    sealed record SlackMessage([property: JsonPropertyName("text")] string Text);
}
