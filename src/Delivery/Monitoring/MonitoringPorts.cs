using Delivery.Environments;

namespace Delivery.Monitoring;

/// <summary>
/// The loopback ports of an environment's Prometheus, Alertmanager and Grafana. Fixed per environment and apart from each other
/// and from the edge's ports, so staging and prod can be watched on one engine (and one SSH tunnel per port).
/// </summary>
public sealed record MonitoringPorts(int Prometheus, int Alertmanager, int Grafana)
{
    public static MonitoringPorts For(EnvironmentName environment) => environment.Name switch
    {
        "dev" => new(9090, 9093, 3000),
        "staging" => new(9190, 9193, 3100),
        "prod" => new(9290, 9293, 3200),
        _ => throw new EnvironmentConfigurationException($"No monitoring ports for environment '{environment}'; add them to MonitoringPorts.For."),
    };
}
