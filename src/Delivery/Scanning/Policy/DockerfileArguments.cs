using System.Text;
using System.Text.Json;

namespace Delivery.Scanning.Policy;

/// <summary>How an instruction's arguments split: <c>--flag=value</c> options, words, JSON arrays and <c>key=value</c> pairs.</summary>
public static class DockerfileArguments
{
    /// <summary>The leading <c>--name[=value]</c> options, then the remaining words.</summary>
    public static (IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Words) SplitFlags(string arguments)
    {
        var (flags, rest) = SplitFlagsRaw(arguments);
        return (flags, Words(rest));
    }

    /// <summary>The operands after any options, from the JSON form (<c>["a", "b"]</c>) or the plain form.</summary>
    public static IReadOnlyList<string> Operands(string arguments)
    {
        var (_, rest) = SplitFlagsRaw(arguments);
        if (rest.StartsWith('['))
        {
            try
            {
                if (JsonSerializer.Deserialize<string[]>(rest) is { } array)
                    return array;
            }
            catch (JsonException)
            {
                // Not a JSON array after all: Docker then reads it in the plain form too.
            }
        }
        return Words(rest);
    }

    static (Dictionary<string, string> Flags, string Remainder) SplitFlagsRaw(string arguments)
    {
        var flags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = arguments.Trim();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest[2..] : rest[2..end];
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            flags[equals < 0 ? flag : flag[..equals]] = equals < 0 ? "" : flag[(equals + 1)..];
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }
        return (flags, rest);
    }

    /// <summary><c>ENV</c>/<c>LABEL</c>/<c>ARG</c> pairs: <c>a=1 b="two words"</c>, or the legacy <c>ENV a one value</c>. A bare name has a null value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Pairs(string arguments, bool legacyForm)
    {
        var words = Words(arguments);
        if (legacyForm && words.Count > 0 && !words[0].Contains('=', StringComparison.Ordinal))
        {
            var space = arguments.TrimStart().IndexOfAny([' ', '\t']);
            return [new(words[0], space < 0 ? null : Unquote(arguments.TrimStart()[space..].Trim()))];
        }
        return words.Select(w => w.IndexOf('=', StringComparison.Ordinal) is var i and >= 0
            ? new KeyValuePair<string, string?>(w[..i], w[(i + 1)..])
            : new KeyValuePair<string, string?>(w, null)).ToList();
    }

    /// <summary>Whitespace-separated words; quotes group and are removed, a backslash escapes the next character.</summary>
    public static IReadOnlyList<string> Words(string arguments)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < arguments.Length)
                word.Append(arguments[++i]);
            else if (c is '"' or '\'' && (quote is null || quote == c))
                quote = quote is null ? c : null;
            else
                word.Append(c);
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    static string Unquote(string value) => Words(value) is [var single] ? single : value;
}
