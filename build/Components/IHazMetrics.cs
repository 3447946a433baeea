using BuildEngine;
using BuildEngine.IO;

/// <summary>Where operations leave Prometheus textfile metrics for node_exporter's textfile collector (docs/observability.md).</summary>
interface IHazMetrics : IHazArtifacts
{
    [Parameter("Where Backup, RestoreDrill, Certificates and the deploy targets write Prometheus textfile metrics (default artifacts/metrics)")]
    AbsolutePath MetricsDirectory => TryGetValue(() => MetricsDirectory) ?? ArtifactsDirectory / "metrics";
}
