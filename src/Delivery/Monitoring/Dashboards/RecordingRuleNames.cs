using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Delivery.Monitoring.Dashboards;

/// <summary>The series Prometheus records from rule files (<c>groups[].rules[].record</c>), which dashboards may query like any exposed metric.</summary>
public static class RecordingRuleNames
{
    public static IReadOnlySet<string> Read(string rulesDirectory)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(rulesDirectory))
            return names;
        foreach (var file in Directory.EnumerateFiles(rulesDirectory, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var stream = new YamlStream();
            try
            {
                using var reader = new StringReader(File.ReadAllText(file));
                stream.Load(reader);
            }
            catch (YamlException e)
            {
                throw new InvalidDataException($"{file} is not valid YAML ({e.Message}); fix the rule file (promtool check rules tells more).", e);
            }
            foreach (var root in stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>())
                foreach (var group in Items(root, "groups"))
                    foreach (var rule in Items(group, "rules"))
                        if (rule.Children.TryGetValue(new YamlScalarNode("record"), out var record) && record is YamlScalarNode { Value: { Length: > 0 } name })
                            names.Add(name);
        }
        return names;
    }

    static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode items ? items.Children.OfType<YamlMappingNode>() : [];
}
