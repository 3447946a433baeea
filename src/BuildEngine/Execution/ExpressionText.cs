using System.Text.RegularExpressions;

namespace BuildEngine.Execution;

/// <summary>Turns a condition's source text into the reason shown to people: <c>() =&gt; IsServerBuild</c> becomes <c>IsServerBuild</c>.</summary>
static partial class ExpressionText
{
    public static string Clean(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return "<condition>";
        var text = LambdaPrefix().Replace(expression.Trim(), "");
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"^\(\s*\)\s*=>\s*")]
    private static partial Regex LambdaPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
