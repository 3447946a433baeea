namespace Delivery.Monitoring.Dashboards;

/// <summary>
/// The metric names a PromQL expression selects, found by a small tokenizer rather than a full parser: an identifier
/// is a metric unless it is a keyword, is called like a function (<c>rate(</c>, <c>sum(</c>), or sits inside a label
/// matcher (<c>{…}</c>), a range or subquery (<c>[…]</c>) or a grouping list (<c>by (…)</c>, <c>on (…)</c>,
/// <c>group_left (…)</c>). Strings, numbers, durations and Grafana variables (<c>$__rate_interval</c>, <c>${DS}</c>) are
/// skipped. <c>{__name__="x"}</c> names <c>x</c>; a <c>__name__</c> regex cannot be resolved and is reported as such.
/// </summary>
public static class PromQlMetricNames
{
    /// <summary>Keywords that are followed by a parenthesised list of label names, not of expressions.</summary>
    static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase) { "by", "without", "on", "ignoring", "group_left", "group_right" };

    static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
        "and", "or", "unless", "atan2", "inf", "nan",
        // Aggregations may take their grouping before the parenthesis: sum by (route) (…).
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
        "limitk", "limit_ratio",
    };

    public static PromQlNames Extract(string expression)
    {
        var metrics = new SortedSet<string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        var text = expression;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
                i++;
            else if (c == '#')
                i = SkipLine(text, i);
            else if (c is '"' or '\'' or '`')
                i = SkipString(text, i);
            else if (c == '$')
                i = SkipVariable(text, i);
            else if (c == '{')
                i = ReadMatchers(text, i, metrics, unresolved);
            else if (c == '[')
                i = SkipPast(text, i, '[', ']');
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                i = SkipNumberOrDuration(text, i);
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierPart(text[i]))
                    i++;
                var word = text[start..i];
                var next = NextNonSpace(text, i);
                if (LabelListKeywords.Contains(word))
                {
                    if (next < text.Length && text[next] == '(')
                        i = SkipPast(text, next, '(', ')');
                }
                else if (Keywords.Contains(word) || (next < text.Length && text[next] == '('))
                {
                    // A keyword, or a function or aggregation call: its arguments are scanned as they come.
                }
                else
                    metrics.Add(word);
            }
            else
                i++;
        }
        return new PromQlNames(metrics, unresolved);
    }

    /// <summary>Reads a <c>{…}</c> matcher list: label names and values are not metrics, except <c>__name__="x"</c>.</summary>
    static int ReadMatchers(string text, int open, SortedSet<string> metrics, List<string> unresolved)
    {
        var end = SkipPast(text, open, '{', '}');
        var body = text[(open + 1)..Math.Max(open + 1, end - 1)];
        var at = body.IndexOf("__name__", StringComparison.Ordinal);
        if (at >= 0)
        {
            var rest = body[(at + "__name__".Length)..].TrimStart();
            if (rest.StartsWith("=~", StringComparison.Ordinal) || rest.StartsWith("!", StringComparison.Ordinal))
                unresolved.Add(text[open..end]);
            else if (rest.StartsWith('=') && rest[1..].TrimStart() is { Length: > 1 } quoted && quoted[0] is '"' or '\'' or '`')
            {
                var close = quoted.IndexOf(quoted[0], 1);
                if (close > 1)
                    metrics.Add(quoted[1..close]);
            }
        }
        return end;
    }

    static int SkipPast(string text, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
                i = SkipString(text, i) - 1;
            else if (c == opening)
                depth++;
            else if (c == closing && --depth == 0)
                return i + 1;
        }
        return text.Length;
    }

    static int SkipString(string text, int open)
    {
        var quote = text[open];
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
                i++;
            else if (text[i] == quote)
                return i + 1;
        }
        return text.Length;
    }

    /// <summary>Grafana's template variables: <c>$name</c>, <c>${name}</c>, <c>${name:format}</c>.</summary>
    static int SkipVariable(string text, int dollar)
    {
        var i = dollar + 1;
        if (i < text.Length && text[i] == '{')
            return SkipPast(text, i, '{', '}');
        while (i < text.Length && IsIdentifierPart(text[i]))
            i++;
        return i;
    }

    /// <summary>Numbers (<c>0.95</c>, <c>1e3</c>, <c>0x1f</c>) and durations (<c>5m</c>, <c>1h30m</c>) are one token.</summary>
    static int SkipNumberOrDuration(string text, int start)
    {
        var i = start;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_'
                                   || (text[i] is '+' or '-' && i > start && text[i - 1] is 'e' or 'E' && !text[start..i].Contains('x', StringComparison.OrdinalIgnoreCase))))
            i++;
        return i;
    }

    static int SkipLine(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return end < 0 ? text.Length : end + 1;
    }

    static int NextNonSpace(string text, int start)
    {
        while (start < text.Length && char.IsWhiteSpace(text[start]))
            start++;
        return start;
    }

    static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}

/// <summary>The metric names an expression selects, and selectors whose name cannot be known statically (a <c>__name__</c> regex).</summary>
public sealed record PromQlNames(IReadOnlySet<string> Metrics, IReadOnlyList<string> Unresolved);
