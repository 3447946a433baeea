using System.Text;
using System.Text.RegularExpressions;

namespace Delivery.Scanning.Policy;

/// <summary>
/// Reads a Dockerfile into logical instructions the way BuildKit does, enough for the policy: parser directives at the
/// top, comments and blank lines skipped (also inside a continuation), the escape character (<c>\</c> or, by
/// <c># escape=`</c>, a backtick) joining lines, and heredocs (<c>RUN &lt;&lt;EOF</c> ... <c>EOF</c>) consumed as bodies.
/// </summary>
public static partial class DockerfileParser
{
    static readonly string[] KnownDirectives = ["syntax", "escape", "check"];
    static readonly string[] HeredocKeywords = ["RUN", "COPY", "ADD"];

    /// <exception cref="DockerfileSyntaxException">A heredoc is never closed, or an instruction has no keyword.</exception>
    public static Dockerfile Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var directives = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        // Directives only before any comment, blank line or instruction; an unknown one is an ordinary comment and ends them.
        for (; i < lines.Length && Directive().Match(lines[i]) is { Success: true } m && KnownDirectives.Contains(m.Groups[1].Value.ToLowerInvariant()); i++)
            directives.TryAdd(m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value);
        var escape = directives.TryGetValue("escape", out var e) && e == "`" ? '`' : '\\';

        var instructions = new List<DockerfileInstruction>();
        while (i < lines.Length)
        {
            if (IsBlankOrComment(lines[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var logical = new StringBuilder();
            var line = lines[i];
            while (true)
            {
                var trimmed = line.TrimEnd();
                var continued = trimmed.EndsWith(escape);
                logical.Append(continued ? trimmed[..^1] : line);
                if (!continued || i + 1 >= lines.Length)
                    break;
                do
                    i++;
                while (i + 1 < lines.Length && IsBlankOrComment(lines[i]));
                line = IsBlankOrComment(lines[i]) ? "" : lines[i];
            }
            i++;

            var content = logical.ToString().Trim();
            var split = content.IndexOfAny([' ', '\t']);
            var keyword = (split < 0 ? content : content[..split]).ToUpperInvariant();
            var arguments = split < 0 ? "" : content[split..].Trim();
            if (!Keyword().IsMatch(keyword))
                throw new DockerfileSyntaxException(start + 1, $"'{content}' does not start with an instruction keyword");
            var heredocs = new List<string>();
            if (HeredocKeywords.Contains(keyword))
            {
                foreach (Match heredoc in Heredoc().Matches(arguments))
                    heredocs.Add(ReadHeredoc(lines, ref i, heredoc.Groups["name"].Value, heredoc.Groups["dash"].Success, start + 1));
            }
            instructions.Add(new DockerfileInstruction(keyword, arguments, start + 1, heredocs));
        }
        return new Dockerfile(directives, instructions);
    }

    static string ReadHeredoc(string[] lines, ref int i, string name, bool stripTabs, int instructionLine)
    {
        var body = new StringBuilder();
        for (; i < lines.Length; i++)
        {
            var line = stripTabs ? lines[i].TrimStart('\t') : lines[i];
            if (line == name)
            {
                i++;
                return body.ToString();
            }
            body.Append(line).Append('\n');
        }
        throw new DockerfileSyntaxException(instructionLine, $"the heredoc '<<{name}' is never closed by a line '{name}'");
    }

    static bool IsBlankOrComment(string line) => line.TrimStart() is var t && (t.Length == 0 || t[0] == '#');

    [GeneratedRegex(@"^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*$")]
    private static partial Regex Keyword();

    [GeneratedRegex(@"<<(?<dash>-)?(?<quote>[""']?)(?<name>[A-Za-z_][A-Za-z0-9_]*)\k<quote>")]
    private static partial Regex Heredoc();
}
