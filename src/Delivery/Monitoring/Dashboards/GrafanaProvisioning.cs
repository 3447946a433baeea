using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Delivery.Monitoring.Dashboards;

/// <summary>A datasource Grafana provisions at start (provisioning/datasources/*.yml).</summary>
public sealed record ProvisionedDatasource(string Name, string Type, string Uid, bool IsDefault, string File);

/// <summary>A file dashboard provider (provisioning/dashboards/*.yml): where Grafana loads dashboard JSON from, inside its container.</summary>
public sealed record DashboardProvider(string Name, string Type, string Path, bool DisableDeletion, bool AllowUiUpdates, string File);

/// <summary>
/// Grafana's provisioning folder as Grafana reads it: <c>datasources/</c> and <c>dashboards/</c>, each a set of YAML files
/// with <c>apiVersion: 1</c>. Anything unreadable is a problem of the lint, never an exception.
/// </summary>
public sealed class GrafanaProvisioning
{
    GrafanaProvisioning(IReadOnlyList<ProvisionedDatasource> datasources, IReadOnlyList<DashboardProvider> providers, IReadOnlyList<DashboardProblem> problems) =>
        (Datasources, Providers, Problems) = (datasources, providers, problems);

    public IReadOnlyList<ProvisionedDatasource> Datasources { get; }
    public IReadOnlyList<DashboardProvider> Providers { get; }
    public IReadOnlyList<DashboardProblem> Problems { get; }

    public static GrafanaProvisioning Load(string provisioningDirectory)
    {
        var problems = new List<DashboardProblem>();
        var datasources = new List<ProvisionedDatasource>();
        var providers = new List<DashboardProvider>();
        foreach (var (file, root) in Documents(Path.Combine(provisioningDirectory, "datasources"), problems))
            foreach (var item in Sequence(root, "datasources"))
            {
                var uid = Scalar(item, "uid");
                if (string.IsNullOrEmpty(uid))
                    problems.Add(new(file, $"datasource '{Scalar(item, "name")}' has no uid; give it a fixed uid so dashboards can reference it"));
                else
                    datasources.Add(new(Scalar(item, "name") ?? uid, Scalar(item, "type") ?? "", uid, Scalar(item, "isDefault") == "true", file));
            }
        foreach (var (file, root) in Documents(Path.Combine(provisioningDirectory, "dashboards"), problems))
            foreach (var item in Sequence(root, "providers"))
                providers.Add(new(Scalar(item, "name") ?? "", Scalar(item, "type") ?? "file",
                    item.Children.TryGetValue(new YamlScalarNode("options"), out var options) && options is YamlMappingNode o ? Scalar(o, "path") ?? "" : "",
                    Scalar(item, "disableDeletion") == "true", Scalar(item, "allowUiUpdates") == "true", file));
        foreach (var duplicate in datasources.GroupBy(d => d.Uid).Where(g => g.Count() > 1))
            problems.Add(new(duplicate.First().File, $"datasource uid '{duplicate.Key}' is provisioned {duplicate.Count()} times ({string.Join(", ", duplicate.Select(d => d.Name))}); uids must be unique"));
        return new GrafanaProvisioning(datasources, providers, problems);
    }

    static IEnumerable<(string File, YamlMappingNode Root)> Documents(string directory, List<DashboardProblem> problems)
    {
        if (!Directory.Exists(directory))
        {
            problems.Add(new(directory, "the provisioning folder is missing; Grafana reads datasources/ and dashboards/ under its provisioning path"));
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            try
            {
                using var reader = new StringReader(File.ReadAllText(file));
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                problems.Add(new(file, $"is not valid YAML ({e.Message}, line {e.Start.Line})"));
                continue;
            }
            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root)
                    problems.Add(new(file, "must be a mapping with apiVersion: 1"));
                else if (Scalar(root, "apiVersion") != "1")
                    problems.Add(new(file, "must declare apiVersion: 1, the provisioning format Grafana reads"));
                else
                    yield return (file, root);
            }
        }
    }

    static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode items ? items.Children.OfType<YamlMappingNode>() : [];

    static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
