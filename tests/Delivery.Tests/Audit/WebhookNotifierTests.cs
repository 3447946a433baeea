using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Delivery.Audit;
using Delivery.Tests.Support;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class WebhookNotifierTests
{
    const string SecretPath = "/services/T000/B000/XXXXsecretXXXX";

    static AuditEvent Sealed(AuditAction action) =>
        Event(action) with { Sequence = 42, Hash = "sha256:0123456789abcdef" + new string('0', 48) };

    [Fact]
    public async Task Posts_slack_compatible_json_to_the_receiver()
    {
        await using var receiver = new HttpReceiver();
        var notifier = new WebhookNotifier(new Uri($"http://127.0.0.1:{receiver.Port}{SecretPath}"));

        await notifier.NotifyAsync(Sealed(AuditAction.Succeeded) with { Result = "ok" }, CancellationToken.None);

        var request = await receiver.FirstRequest(TimeSpan.FromSeconds(10));
        Assert.Equal(("POST", SecretPath), (request.Method, request.Target));
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.True(request.Headers.ContainsKey("Content-Length"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["text"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            "[prod] succeeded sha256:bbbbbbbbbbbb (was sha256:aaaaaaaaaaaa) by alice (alice@example.org), result: ok; deploy 01JD0000000000000000000000, ledger #42 0123456789ab",
            body.RootElement.GetProperty("text").GetString());
        Assert.Equal("webhook to 127.0.0.1", notifier.Name);
    }

    [Fact]
    public async Task A_refusing_receiver_is_an_error_naming_the_host_only()
    {
        await using var receiver = new HttpReceiver(statusCode: 500);
        var notifier = new WebhookNotifier(new Uri($"http://127.0.0.1:{receiver.Port}{SecretPath}"));

        var e = await Assert.ThrowsAsync<DeployNotificationException>(() => notifier.NotifyAsync(Sealed(AuditAction.Failed), CancellationToken.None));

        Assert.Contains("127.0.0.1", e.Message);
        Assert.Contains("500", e.Message);
        Assert.DoesNotContain("secret", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unreachable_receiver_is_an_error_without_the_url_path()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connection refused
        var notifier = new WebhookNotifier(new Uri($"http://127.0.0.1:{port}{SecretPath}"));

        var e = await Assert.ThrowsAsync<DeployNotificationException>(() => notifier.NotifyAsync(Sealed(AuditAction.Started), CancellationToken.None));

        Assert.DoesNotContain("secret", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(e.InnerException);
    }
}
