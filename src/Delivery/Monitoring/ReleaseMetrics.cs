using System.Globalization;
using System.Text;
using Delivery.Audit;

namespace Delivery.Monitoring;

/// <summary>
/// The release ledger's current release as Prometheus textfile metrics (node_exporter's textfile collector, next to
/// <see cref="Backup.BackupMetrics"/>'s files), the source of the deployments dashboard's annotations: Grafana annotates
/// wherever <c>pazpaz_release_deployed_timestamp_seconds</c> changes. The timestamp series carries only the environment,
/// so a deploy changes its value instead of starting a new series (which <c>changes()</c> would not see); the digest
/// and deploy id ride on a separate info series joined in the query.
/// </summary>
public static class ReleaseMetrics
{
    public const string DeployedTimestamp = "pazpaz_release_deployed_timestamp_seconds";
    public const string Info = "pazpaz_release_info";
    public const string Sequence = "pazpaz_release_ledger_sequence";

    public static string Render(string environment, CurrentRelease release)
    {
        var text = new StringBuilder();
        var env = $"environment=\"{Escape(environment)}\"";
        text.Append(CultureInfo.InvariantCulture, $"# HELP {DeployedTimestamp} When the live release was deployed or rolled back to, from the release ledger (Unix time).\n# TYPE {DeployedTimestamp} gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"{DeployedTimestamp}{{{env}}} {release.Time.ToUnixTimeSeconds()}\n");
        text.Append(CultureInfo.InvariantCulture, $"# HELP {Sequence} The ledger record that made the live release live.\n# TYPE {Sequence} gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"{Sequence}{{{env}}} {release.Sequence}\n");
        text.Append(CultureInfo.InvariantCulture, $"# HELP {Info} The live release: its image digest and deploy id (always 1).\n# TYPE {Info} gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"{Info}{{{env},digest=\"{Escape(release.Digest)}\",deploy_id=\"{Escape(release.DeployId)}\"}} 1\n");
        return text.ToString();
    }

    static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
