namespace Delivery.Edge;

/// <summary>The edge certificate's expiry as a textfile metric, for the CertificateExpiresSoon/Imminent alerts.</summary>
public static class CertificateMetrics
{
    public const string ExpiryMetric = "pazpaz_certificate_expiry_timestamp_seconds";

    public static string Render(string environment, string certificate, DateTimeOffset notAfter) => Metrics.TextfileMetrics.Render(environment,
        [(ExpiryMetric, "gauge", "When the edge's installed TLS certificate expires (Unix time).", $"certificate=\"{certificate}\"", notAfter.ToUnixTimeSeconds())]);
}
