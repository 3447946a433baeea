using Serilog;

namespace Delivery.Observability;

/// <summary>What happened to a deploy's report to Sentry, for the target's summary.</summary>
public enum SentryReport
{
    NotConfigured,
    Reported,
    Failed,
}

/// <summary>
/// After a successful deploy: creates the release in Sentry and marks it deployed to the environment, so errors are
/// grouped by release and the deploy shows on Sentry's timeline. Best effort, like the deploy notifications: not
/// configured is one information line, and a failure (or a misconfiguration) is a warning that never fails the deploy.
/// </summary>
public sealed class SentryDeployReporter(SentrySettings? settings, string? problem = null, ILogger? log = null, HttpClient? client = null)
{
    readonly ILogger _log = log ?? Log.Logger;

    public const string NotConfiguredLine =
        "Sentry: not configured (set --sentry-org, --sentry-project and SENTRY_AUTH_TOKEN; --sentry-url for a self-hosted server), skipped";

    /// <summary>Per call, so an unreachable server cannot hold a finished deploy for long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    public static SentryDeployReporter From(string? url, string? organization, string? project, string? authToken, ILogger? log = null)
    {
        var (settings, problem) = SentrySettings.From(url, organization, project, authToken);
        return new SentryDeployReporter(settings, problem, log);
    }

    public async Task<SentryReport> ReportAsync(string version, string environment, CancellationToken cancellation = default)
    {
        if (problem is not null)
        {
            _log.Warning("Sentry: {Problem}; release {Version} not reported. The deploy stands", problem, version);
            return SentryReport.Failed;
        }
        if (settings is null)
        {
            _log.Information(NotConfiguredLine);
            return SentryReport.NotConfigured;
        }
        var releases = new SentryReleases(settings, client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Timeout);
        try
        {
            await releases.CreateReleaseAsync(version, timeout.Token);
            await releases.CreateDeployAsync(version, environment, timeout.Token);
        }
        catch (Exception e) when (e is SentryException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message;
            _log.Warning("Sentry: release {Version} not marked deployed to {Environment}: {Reason}. The deploy stands", version, environment, reason);
            return SentryReport.Failed;
        }
        _log.Information("Sentry: release {Version} deployed to {Environment} ({Settings})", version, environment, settings.ToString());
        return SentryReport.Reported;
    }
}
