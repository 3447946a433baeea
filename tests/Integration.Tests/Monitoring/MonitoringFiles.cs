using Integration.Tests.Bootstrap;
using YamlDotNet.RepresentationModel;

namespace Integration.Tests.Monitoring;

/// <summary>The Prometheus alert rules and their promtool unit tests under compose/monitoring/prometheus.</summary>
static class MonitoringFiles
{
    /// <summary>Runbook links are GitHub addresses of files in this repository; the tests resolve them locally.</summary>
    public const string RunbookPrefix = "https://github.com/pazpaz/delivery/blob/main/";

    public static string Root { get; } = Path.Combine(RepositoryCopy.SourceRoot, "compose", "monitoring", "prometheus");

    public static IReadOnlyList<string> RuleFiles => Yaml(Path.Combine(Root, "rules"));

    public static IReadOnlyList<string> TestFiles => Yaml(Path.Combine(Root, "tests"));

    /// <summary>Paths relative to <see cref="Root"/>, as promtool sees them under a mount point.</summary>
    public static string Relative(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

    static List<string> Yaml(string directory) =>
        Directory.Exists(directory) ? [.. Directory.GetFiles(directory, "*.yml").Order(StringComparer.Ordinal)] : [];

    public static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
            stream.Load(reader);
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InvalidDataException($"{file} is not a YAML mapping.");
    }

    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>() : [];

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}

/// <summary>One alerting rule of a rules file (recording rules are skipped).</summary>
sealed record AlertRule(string File, string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public static IEnumerable<AlertRule> ReadAll() => MonitoringFiles.RuleFiles.SelectMany(Read);

    static IEnumerable<AlertRule> Read(string file) =>
        from groupNode in MonitoringFiles.Sequence(MonitoringFiles.Load(file), "groups")
        from rule in MonitoringFiles.Sequence(groupNode, "rules")
        let name = MonitoringFiles.Scalar(rule, "alert")
        where name is not null
        select new AlertRule(MonitoringFiles.Relative(file), name, MonitoringFiles.Map(rule, "labels"), MonitoringFiles.Map(rule, "annotations"));
}

/// <summary>One alert_rule_test of a promtool test file: at its eval_time the alert is expected to fire or to stay quiet.</summary>
sealed record AlertExpectation(string File, string AlertName, bool Fires)
{
    public static IEnumerable<AlertExpectation> ReadAll() => MonitoringFiles.TestFiles.SelectMany(Read);

    static IEnumerable<AlertExpectation> Read(string file) =>
        from test in MonitoringFiles.Sequence(MonitoringFiles.Load(file), "tests")
        from expectation in MonitoringFiles.Sequence(test, "alert_rule_test")
        let name = MonitoringFiles.Scalar(expectation, "alertname")
        where name is not null
        select new AlertExpectation(MonitoringFiles.Relative(file), name, MonitoringFiles.Sequence(expectation, "exp_alerts").Any());
}
