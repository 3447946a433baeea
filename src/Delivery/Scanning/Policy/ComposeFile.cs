using YamlDotNet.RepresentationModel;

namespace Delivery.Scanning.Policy;

/// <summary>One service as a file declares it: where its name stands, and its settings.</summary>
public sealed record ComposeService(string Name, string File, int Line, ComposeMapping Settings);

/// <summary>
/// One compose file, read with YamlDotNet into <see cref="ComposeNode"/>s: anchors and aliases resolved, and YAML merge
/// keys (<c>&lt;&lt;: *hardening</c>) applied the way compose applies them: a key the mapping states itself wins.
/// </summary>
public sealed record ComposeFile(string Location, ComposeMapping Root)
{
    public IReadOnlyList<ComposeService> Services { get; } =
        (Root["services"] as ComposeMapping)?.Entries.Select(e => new ComposeService(e.Key, e.Value.File, e.Value.Line,
            e.Value as ComposeMapping ?? new ComposeMapping(e.Value.File, e.Value.Line, null, []))).ToList() ?? [];

    /// <exception cref="FormatException">The text is not YAML, or not a mapping, or a merge key names no mapping.</exception>
    public static ComposeFile Parse(string location, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: not valid YAML: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException("a compose file must be a YAML mapping");
        return new ComposeFile(location, (ComposeMapping)Convert(root, location));
    }

    static ComposeNode Convert(YamlNode node, string file)
    {
        var line = (int)node.Start.Line;
        var tag = node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;
        return node switch
        {
            YamlScalarNode scalar => new ComposeScalar(file, line, tag, scalar.Value ?? "", scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any),
            YamlSequenceNode sequence => new ComposeSequence(file, line, tag, sequence.Children.Select(c => Convert(c, file)).ToList()),
            YamlMappingNode mapping => ConvertMapping(mapping, file, line, tag),
            _ => throw new FormatException($"line {line}: unsupported YAML node {node.NodeType}"),
        };
    }

    static ComposeMapping ConvertMapping(YamlMappingNode mapping, string file, int line, string? tag)
    {
        var entries = new List<KeyValuePair<string, ComposeNode>>();
        YamlNode? merge = null;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } scalarKey)
                throw new FormatException($"line {key.Start.Line}: a compose key must be a string");
            if (name == "<<" && scalarKey.Style is YamlDotNet.Core.ScalarStyle.Plain)
                merge = value;
            else
                entries.Add(new(name, Convert(value, file)));
        }
        if (merge is not null)
        {
            var sources = merge switch
            {
                YamlMappingNode single => [single],
                YamlSequenceNode many when many.Children.All(c => c is YamlMappingNode) => many.Children.Cast<YamlMappingNode>().ToList(),
                _ => throw new FormatException($"line {merge.Start.Line}: a merge key (<<) must name a mapping or a list of mappings"),
            };
            // The first source wins over later ones, and the mapping's own keys over all of them (YAML merge key spec).
            foreach (var source in sources)
            {
                foreach (var entry in ((ComposeMapping)Convert(source, file)).Entries)
                {
                    if (!entries.Exists(e => e.Key == entry.Key))
                        entries.Add(entry);
                }
            }
        }
        return new ComposeMapping(file, line, tag, entries);
    }
}
