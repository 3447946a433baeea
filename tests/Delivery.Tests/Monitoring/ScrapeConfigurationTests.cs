using Delivery.Environments;
using Delivery.Tests.Environments;
using YamlDotNet.RepresentationModel;

namespace Delivery.Tests.Monitoring;

/// <summary>compose/monitoring/prometheus/prometheus.&lt;env&gt;.yml against the compose files they scrape.</summary>
public sealed class ScrapeConfigurationTests
{
    public static TheoryData<string> Environments => new(EnvironmentName.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Environments))]
    public void Each_environment_labels_its_series_loads_the_shared_rules_and_sends_alerts_to_alertmanager(string environment)
    {
        var root = Load(environment);

        Assert.Equal(environment, Scalar(root, "global", "external_labels", "environment"));
        Assert.Equal("/etc/prometheus/rules/*.yml", Assert.Single(((YamlSequenceNode)root["rule_files"]).Children).ToString());
        Assert.Contains("alertmanager:9093", Targets(root).Select(t => t.Target));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_target_is_a_service_of_the_environment_or_the_monitoring_stack_on_a_port_it_listens_on(string environment)
    {
        var services = ServicesOf("compose.yaml").Concat(ServicesOf("compose.monitoring.yaml")).ToHashSet();
        string[] jobs = ["prometheus", "alertmanager", "api", "postgres", "redis", "nginx", "node"];

        var targets = Targets(Load(environment)).ToList();

        Assert.Equal(jobs.Order(), targets.Select(t => t.Job).Distinct().Order());
        Assert.All(targets, t => Assert.True(t.Target.Split(':')[0] is var host && (host == "127.0.0.1" || services.Contains(host)),
            $"{t.Job} scrapes {t.Target}, which is no compose service"));
        Assert.Contains(("api", "api-blue:8000"), targets);
        Assert.Contains(("api", "api-green:8000"), targets);
    }

    static YamlMappingNode Load(string environment)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Path / "compose" / "monitoring" / "prometheus" / $"prometheus.{environment}.yml")));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    static string? Scalar(YamlMappingNode node, params string[] path) =>
        path.Aggregate<string, YamlNode?>(node, (n, key) => n is YamlMappingNode m && m.Children.TryGetValue(key, out var child) ? child : null)?.ToString();

    /// <summary>(job, host:port) of every static and DNS target.</summary>
    static IEnumerable<(string Job, string Target)> Targets(YamlMappingNode root)
    {
        foreach (var job in ((YamlSequenceNode)root["scrape_configs"]).Children.Cast<YamlMappingNode>())
        {
            var name = job["job_name"].ToString();
            if (job.Children.TryGetValue("static_configs", out var statics))
                foreach (var config in ((YamlSequenceNode)statics).Children.Cast<YamlMappingNode>())
                    foreach (var target in ((YamlSequenceNode)config["targets"]).Children)
                        yield return (name, target.ToString());
            if (job.Children.TryGetValue("dns_sd_configs", out var dns))
                foreach (var config in ((YamlSequenceNode)dns).Children.Cast<YamlMappingNode>())
                    foreach (var host in ((YamlSequenceNode)config["names"]).Children)
                        yield return (name, $"{host}:{config["port"]}");
        }
    }

    static IEnumerable<string> ServicesOf(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Path / "compose" / file)));
        return ((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"]).Children.Keys.Select(k => k.ToString());
    }
}
