using BuildEngine;
using BuildEngine.IO;
using Delivery.Audit;
using Serilog;

/// <summary>
/// The release ledger of an environment (one JSON file per deploy event, hash-chained) and the deploy notifications.
/// Deploy components take <see cref="Auditor"/>: it writes the ledger first and fails the step if it cannot, then
/// notifies the webhook and mail recipients, whose failures are only logged.
/// </summary>
/// <remarks>
/// On a deploy host point <c>--ledger-directory</c> at the <c>deployer-state</c> volume; the default under <c>.nuke/</c>
/// suits local runs and CI artefacts. See docs/operations/audit.md for setup and for what a broken chain means.
/// </remarks>
interface IAudit : IHazEnvironment
{
    [Parameter("Release ledger root, one directory per environment (default .nuke/ledger; on a deploy host: the deployer-state volume)")]
    AbsolutePath LedgerDirectory => TryGetValue(() => LedgerDirectory) ?? RootDirectory / ".nuke" / "ledger";

    [Parameter("How many ledger records Audit prints (default 20)", Name = "Last")]
    int AuditLast => TryGetValue<int>(() => AuditLast) ?? 20;

    [Parameter("Slack-compatible incoming webhook URL for deploy notifications; unset: no webhook"), Secret]
    string? DeployWebhookUrl => TryGetValue(() => DeployWebhookUrl);

    [Parameter("SMTP relay host for deploy mail; unset: no mail")]
    string? SmtpHost => TryGetValue(() => SmtpHost);

    [Parameter("SMTP relay port (default 587)")]
    int SmtpPort => TryGetValue<int>(() => SmtpPort) ?? 587;

    [Parameter("Sender address of deploy mail")]
    string? SmtpFrom => TryGetValue(() => SmtpFrom);

    [Parameter("Recipients of deploy mail (space- or comma-separated)")]
    string[] SmtpTo => TryGetValue(() => SmtpTo) ?? [];

    [Parameter("SMTP user, if the relay requires AUTH")]
    string? SmtpUsername => TryGetValue(() => SmtpUsername);

    [Parameter("SMTP password"), Secret]
    string? SmtpPassword => TryGetValue(() => SmtpPassword);

    [Parameter("STARTTLS to the SMTP relay (default true; false only for a relay on loopback)")]
    bool SmtpTls => TryGetValue<bool>(() => SmtpTls) ?? true;

    ReleaseLedger Ledger => new(LedgerDirectory, DeployEnvironment ?? throw new InvalidOperationException("No environment: pass --environment dev|staging|prod."));

    IReadOnlyList<IDeployNotifier> DeployNotifiers
    {
        get
        {
            var notifiers = new List<IDeployNotifier>();
            if (DeployWebhookUrl is { Length: > 0 } url)
                notifiers.Add(new WebhookNotifier(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                    ? uri
                    : throw new InvalidOperationException("DEPLOY_WEBHOOK_URL is not an absolute http(s) URL (the value is not shown).")));
            if (SmtpHost is { Length: > 0 } host)
                notifiers.Add(new SmtpNotifier(new SmtpSettings(host, SmtpPort,
                    SmtpFrom ?? throw new InvalidOperationException("--smtp-host is set but --smtp-from is not."), SmtpTo)
                    { Username = SmtpUsername, Password = SmtpPassword, UseTls = SmtpTls }));
            return notifiers;
        }
    }

    IDeployAuditor Auditor => new NotifyingAuditor(Ledger, DeployNotifiers);

    Target Audit => _ => _
        .Description("Prints the last --last records of the --environment release ledger and verifies its hash chain; fails on a broken chain")
        .Requires(() => DeployEnvironment)
        .Executes(() =>
        {
            var ledger = Ledger;
            var verification = ledger.Verify();
            Log.Information("Ledger {Directory}:{NewLine}{Table}", ledger.Directory, Environment.NewLine, AuditTable.Render(ledger.Last(AuditLast), verification));
            var current = verification.IsIntact ? ledger.Current() : null;
            ReportSummary(_ => _
                .AddPair("Records", verification.Records)
                .AddPair("Chain", verification.IsIntact ? "intact" : $"broken at {verification.FirstBreak!.File}")
                .AddPair("Live", NotificationText.ShortDigest(current?.Digest) ?? "-"));
            if (!verification.IsIntact)
                throw new InvalidOperationException(
                    $"Release ledger '{ledger.Environment}' is broken at {verification.FirstBreak}. Do not edit or delete ledger files; " +
                    "compare with the notification history and the CI artefact copy, then follow docs/operations/audit.md \"A broken chain\".");
        });
}
