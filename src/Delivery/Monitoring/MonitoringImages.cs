namespace Delivery.Monitoring;

/// <summary>The images the monitoring stack runs (this repository's prometheus, alertmanager and exporters images).</summary>
public sealed record MonitoringImages(string Prometheus, string Alertmanager, string Exporters)
{
    /// <summary>The local tags DockerBuild gives this version's images (<c>pazpaz/prometheus:0.1.0-77</c>).</summary>
    public static MonitoringImages Tagged(string tag) => new($"pazpaz/prometheus:{tag}", $"pazpaz/alertmanager:{tag}", $"pazpaz/exporters:{tag}");
}
