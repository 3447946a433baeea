using Integration.Tests.Bootstrap;

namespace Integration.Tests.Monitoring;

/// <summary>
/// What Alertmanager and the person paged rely on: every alert the issue asks for exists, carries a severity that
/// routes, a summary and a runbook that is really in docs/operations/alerts, and is unit-tested both ways.
/// </summary>
public sealed class AlertRuleMetadataTests
{
    static readonly string[] Severities = ["page", "ticket"];

    static readonly string[] Required =
    [
        "ApiHighErrorRate", "ApiLatencyBudgetExceeded", "InstanceDown", "PostgresDown", "PostgresTooManyConnections",
        "PostgresLongTransaction", "DiskAlmostFull", "CertificateExpiresSoon", "BackupTooOld", "WalArchiveLag", "RestoreDrillTooOld",
    ];

    [Fact]
    public void Every_required_alert_is_defined_once()
    {
        var names = AlertRule.ReadAll().Select(a => a.Name).ToList();

        Assert.Empty(Required.Except(names));
        Assert.Empty(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_alert_has_a_routable_severity_a_summary_and_an_existing_runbook()
    {
        var problems = new List<string>();
        foreach (var alert in AlertRule.ReadAll())
        {
            var where = $"{alert.File}: {alert.Name}";
            if (!alert.Labels.TryGetValue("severity", out var severity) || !Severities.Contains(severity))
                problems.Add($"{where}: labels.severity is '{severity}'; use one of {string.Join(", ", Severities)} (page only what needs a human now).");
            if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")))
                problems.Add($"{where}: add annotations.summary.");
            if (string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("description")))
                problems.Add($"{where}: add annotations.description.");
            if (RunbookProblem(alert.Annotations.GetValueOrDefault("runbook_url")) is { } problem)
                problems.Add($"{where}: {problem}");
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_runbook_of_an_alert_is_listed_in_the_operations_index()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryCopy.SourceRoot, "docs", "operations", "README.md"));
        var missing = AlertRule.ReadAll()
            .Select(a => a.Annotations.GetValueOrDefault("runbook_url") ?? "")
            .Where(u => u.StartsWith(MonitoringFiles.RunbookPrefix + "docs/operations/", StringComparison.Ordinal))
            .Select(u => u[(MonitoringFiles.RunbookPrefix + "docs/operations/").Length..].Split('#')[0])
            .Distinct()
            .Where(link => !index.Contains($"]({link})", StringComparison.Ordinal));

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_alert_has_a_firing_and_a_quiet_promtool_case()
    {
        var expectations = AlertExpectation.ReadAll().ToList();
        var problems = new List<string>();
        foreach (var alert in AlertRule.ReadAll())
        {
            if (!expectations.Any(e => e.AlertName == alert.Name && e.Fires))
                problems.Add($"{alert.Name}: no alert_rule_test expects it to fire (non-empty exp_alerts).");
            if (!expectations.Any(e => e.AlertName == alert.Name && !e.Fires))
                problems.Add($"{alert.Name}: no alert_rule_test expects it to stay quiet (exp_alerts: []).");
        }
        var unknown = expectations.Select(e => e.AlertName).Except(AlertRule.ReadAll().Select(a => a.Name));

        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\nAdd the case to compose/monitoring/prometheus/tests/.");
        Assert.Empty(unknown);
    }

    /// <summary>Null when the link is a GitHub address of a file that exists in this checkout.</summary>
    static string? RunbookProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "add annotations.runbook_url.";
        if (!url.StartsWith(MonitoringFiles.RunbookPrefix + "docs/operations/", StringComparison.Ordinal))
            return $"runbook_url '{url}' must start with {MonitoringFiles.RunbookPrefix}docs/operations/.";
        var relative = url[MonitoringFiles.RunbookPrefix.Length..].Split('#')[0];
        return File.Exists(Path.Combine(RepositoryCopy.SourceRoot, relative))
            ? null
            : $"runbook_url points to {relative}, which does not exist; write the runbook there.";
    }
}
