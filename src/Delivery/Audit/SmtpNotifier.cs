using System.Net;
using System.Net.Mail;

namespace Delivery.Audit;

/// <summary>Where deploy mail goes. <see cref="Password"/> is a secret; <see cref="ToString"/> leaves it out.</summary>
public sealed record SmtpSettings(string Host, int Port, string From, IReadOnlyList<string> To)
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>STARTTLS. Required when credentials are set, unless the relay is on loopback.</summary>
    public bool UseTls { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"smtp://{Host}:{Port} from {From} to {string.Join(", ", To)}{(Username is null ? "" : $" as {Username}")}";
}

/// <summary>
/// Sends one plain-text mail per notified record through an SMTP relay (System.Net.Mail: EHLO, optional STARTTLS and
/// AUTH, MAIL FROM, RCPT TO, DATA). The subject is the environment and action so mail filters can route it.
/// </summary>
public sealed class SmtpNotifier : IDeployNotifier
{
    readonly SmtpSettings _settings;

    public SmtpNotifier(SmtpSettings settings)
    {
        if (settings.To.Count == 0)
            throw new ArgumentException("SMTP notifications need at least one recipient (--smtp-to).", nameof(settings));
        if (settings.Password is not null && !settings.UseTls && !IsLoopback(settings.Host))
            throw new ArgumentException($"Refusing to send the SMTP password to {settings.Host} without STARTTLS; enable TLS or use a relay on loopback.", nameof(settings));
        _settings = settings;
    }

    public string Name => $"mail via {_settings.Host}:{_settings.Port}";

    public async Task NotifyAsync(AuditEvent record, CancellationToken cancellation)
    {
        using var message = new MailMessage { From = new MailAddress(_settings.From), Subject = Subject(record), Body = NotificationText.For(record) + "\n", IsBodyHtml = false,
            // UTF-8 so an actor's name survives; System.Net.Mail picks quoted-printable or base64 transfer encoding.
            BodyEncoding = System.Text.Encoding.UTF8, SubjectEncoding = System.Text.Encoding.UTF8 };
        foreach (var to in _settings.To)
            message.To.Add(to);
        message.Headers.Add("X-PazPaz-Deploy-Id", record.DeployId);
        using var client = new SmtpClient(_settings.Host, _settings.Port)
        {
            EnableSsl = _settings.UseTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)_settings.Timeout.TotalMilliseconds,
            Credentials = _settings.Username is null ? null : new NetworkCredential(_settings.Username, _settings.Password),
        };
        try
        {
            await client.SendMailAsync(message, cancellation);
        }
        catch (SmtpException e)
        {
            throw new DeployNotificationException($"mail via {_settings.Host}:{_settings.Port} failed: {e.StatusCode}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}");
        }
    }

    public static string Subject(AuditEvent record) =>
        $"[PazPaz {record.Environment}] {JsonNamingPolicyName(record.Action)} {NotificationText.ShortDigest(record.Digest)}".TrimEnd();

    static string JsonNamingPolicyName(AuditAction action) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());

    static bool IsLoopback(string host) => host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
