using System.Text.RegularExpressions;
using BuildEngine.IO;

namespace Delivery.Images;

/// <summary>
/// <c>.dockerignore</c> with Docker's rules: patterns are relative to the context root, <c>**</c> spans folders,
/// <c>!</c> re-includes, the last matching line wins, and excluding a folder excludes what is inside it.
/// </summary>
public sealed class DockerIgnore
{
    readonly IReadOnlyList<(Regex Pattern, bool Include)> _rules;

    DockerIgnore(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Parse(string text) => new(text.Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.StartsWith('!') ? (Pattern: line[1..].Trim(), Include: true) : (Pattern: line, Include: false))
        .Select(rule => (Glob.ToRegex(Clean(rule.Pattern)), rule.Include))
        .ToList());

    public static DockerIgnore None { get; } = new([]);

    /// <summary><paramref name="relativePath"/> uses <c>/</c>; a path is excluded when it or one of its folders matches last as excluded.</summary>
    public bool IsExcluded(string relativePath)
    {
        var excluded = false;
        var candidates = Prefixes(relativePath).ToList();
        foreach (var (pattern, include) in _rules)
        {
            // As moby's MatchesOrParentMatches: a line matches a path when it matches the path or one of its folders.
            if (candidates.Any(pattern.IsMatch))
                excluded = !include;
        }
        return excluded;
    }

    static IEnumerable<string> Prefixes(string path)
    {
        var segments = path.Split('/');
        for (var i = 1; i <= segments.Length; i++)
            yield return string.Join('/', segments.Take(i));
    }

    static string Clean(string pattern) => pattern.Replace('\\', '/').TrimStart('/').Replace("./", "", StringComparison.Ordinal).TrimEnd('/');
}
