using System.Text;
using System.Text.RegularExpressions;

namespace BuildEngine.CI.GitHubActions;

/// <summary>A small ordered YAML tree, written deterministically: the same declaration gives the same bytes.</summary>
abstract record YamlNode;

/// <summary>A string; <see cref="Typed"/> ones (numbers, booleans) are written bare so YAML reads their type.</summary>
sealed record YamlScalar(string Value, string? Comment = null, bool Typed = false) : YamlNode;

/// <summary>A multi-line block scalar (<c>|</c>).</summary>
sealed record YamlBlock(string Text) : YamlNode;

sealed record YamlSequence(IReadOnlyList<YamlNode> Items) : YamlNode;

sealed record YamlMapping(IReadOnlyList<KeyValuePair<string, YamlNode>> Entries) : YamlNode
{
    public static YamlMapping Of(params (string Key, YamlNode? Value)[] entries) =>
        new(entries.Where(e => e.Value is not null).Select(e => KeyValuePair.Create(e.Key, e.Value!)).ToList());
}

static partial class YamlWriter
{
    public static string Write(YamlMapping document, IEnumerable<string> headerComments)
    {
        var text = new StringBuilder();
        foreach (var line in headerComments)
            text.Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
        WriteMapping(text, document, 0);
        return text.ToString();
    }

    public static YamlScalar Scalar(string value, string? comment = null) => new(value, comment);
    public static YamlScalar Bool(bool value) => new(value ? "true" : "false", Typed: true);
    public static YamlScalar Int(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Typed: true);
    public static YamlSequence Sequence(IEnumerable<string> values) => new(values.Select(v => (YamlNode)new YamlScalar(v)).ToList());

    static void WriteMapping(StringBuilder text, YamlMapping mapping, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in mapping.Entries)
        {
            if (!(first && firstInline))
                text.Append(' ', indent);
            first = false;
            text.Append(SimpleKey().IsMatch(key) ? key : Quote(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    static void WriteValue(StringBuilder text, YamlNode value, int indent)
    {
        switch (value)
        {
            case YamlScalar scalar:
                text.Append(' ').Append(scalar.Typed ? scalar.Value : Quote(scalar.Value));
                if (scalar.Comment is not null)
                    text.Append(" # ").Append(scalar.Comment);
                text.Append('\n');
                break;
            case YamlBlock block:
                text.Append(" |\n");
                foreach (var line in block.Text.TrimEnd('\n').Split('\n'))
                    text.Append(' ', indent + 2).Append(line).Append('\n');
                break;
            case YamlMapping { Entries.Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMapping nested:
                text.Append('\n');
                WriteMapping(text, nested, indent + 2);
                break;
            case YamlSequence sequence:
                text.Append('\n');
                foreach (var item in sequence.Items)
                {
                    text.Append(' ', indent + 2).Append("- ");
                    if (item is YamlMapping itemMapping)
                        WriteMapping(text, itemMapping, indent + 4, firstInline: true);
                    else if (item is YamlScalar itemScalar)
                        text.Append(Quote(itemScalar.Value)).Append('\n');
                    else
                        throw new NotSupportedException("Nested sequences are not used by the workflow writer.");
                }
                break;
        }
    }

    /// <summary>Plain where YAML reads it back as the same string, single-quoted otherwise.</summary>
    public static string Quote(string value)
    {
        var needsQuotes = value.Length == 0 || !PlainSafe().IsMatch(value) || value.Contains(": ") || value.Contains(" #") ||
                          value.EndsWith(':') || Reserved().IsMatch(value) || Number().IsMatch(value);
        return needsQuotes ? "'" + value.Replace("'", "''") + "'" : value;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex SimpleKey();

    [GeneratedRegex(@"^[A-Za-z0-9_./~$(][^\n\t\r]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^(true|false|yes|no|on|off|null|y|n|~)$", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();

    [GeneratedRegex(@"^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$", RegexOptions.IgnoreCase)]
    private static partial Regex Number();
}
