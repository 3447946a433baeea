namespace Delivery.Scanning.Policy;

/// <summary>
/// A compose YAML value that remembers the file and line it came from, so a finding in a merged view (compose.yaml
/// plus an environment's overlay) still points at the file that holds the value. <see cref="Tag"/> keeps compose's
/// <c>!reset</c> and <c>!override</c>.
/// </summary>
public abstract record ComposeNode(string File, int Line, string? Tag);

public sealed record ComposeScalar(string File, int Line, string? Tag, string Value, bool Plain) : ComposeNode(File, Line, Tag)
{
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>YAML 1.1's spellings too: compose reads <c>yes</c>/<c>on</c> into a boolean field as true.</summary>
    public bool IsTrue => Value.ToLowerInvariant() is "true" or "yes" or "on";
}

public sealed record ComposeSequence(string File, int Line, string? Tag, IReadOnlyList<ComposeNode> Items) : ComposeNode(File, Line, Tag);

public sealed record ComposeMapping(string File, int Line, string? Tag, IReadOnlyList<KeyValuePair<string, ComposeNode>> Entries) : ComposeNode(File, Line, Tag)
{
    public ComposeNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>The scalar under a dotted path (<c>deploy.resources.limits.memory</c>), if every step is there.</summary>
    public ComposeScalar? Scalar(string path)
    {
        ComposeNode? node = this;
        foreach (var key in path.Split('.'))
            node = (node as ComposeMapping)?[key];
        return node as ComposeScalar;
    }
}
