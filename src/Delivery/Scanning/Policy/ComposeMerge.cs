namespace Delivery.Scanning.Policy;

/// <summary>
/// Merges an overlay file's service into the base file's the way <c>docker compose -f base -f overlay</c> does
/// (compose-spec merge.md): mappings merge key by key, sequences append (so cap_drop, security_opt, ports and volumes
/// collect from both files), scalars and command/entrypoint/healthcheck.test are replaced, and the overlay's
/// <c>!reset</c> removes a value and <c>!override</c> replaces it whole.
/// </summary>
public static class ComposeMerge
{
    static readonly string[] ReplacedSequences = ["command", "entrypoint", "test"];

    public static ComposeNode? Merge(ComposeNode? under, ComposeNode over, string key)
    {
        switch (over.Tag)
        {
            case "!reset":
                return null;
            case "!override":
                return over with { Tag = null };
        }
        if (under is ComposeMapping baseMapping && over is ComposeMapping overlay)
        {
            var entries = new List<KeyValuePair<string, ComposeNode>>();
            foreach (var (name, value) in baseMapping.Entries)
            {
                var merged = overlay[name] is { } replacement ? Merge(value, replacement, name) : value;
                if (merged is not null)
                    entries.Add(new(name, merged));
            }
            foreach (var (name, value) in overlay.Entries.Where(e => baseMapping[e.Key] is null))
            {
                if (Merge(null, value, name) is { } added)
                    entries.Add(new(name, added));
            }
            return baseMapping with { Entries = entries };
        }
        if (under is ComposeSequence baseSequence && over is ComposeSequence overSequence && !ReplacedSequences.Contains(key))
            return baseSequence with { Items = [.. baseSequence.Items, .. overSequence.Items] };
        return over;
    }
}
