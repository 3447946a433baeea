namespace BuildEngine.Execution;

/// <summary>Names match case-insensitively with dashes and underscores removed: <c>deploy-staging</c> is <c>DeployStaging</c>.</summary>
static class NameMatching
{
    public static string Normalize(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public static bool Matches(string candidate, string given) => Normalize(candidate) == Normalize(given);

    /// <summary>The closest names within an edit distance that still reads as a typo.</summary>
    public static IReadOnlyList<string> Suggest(string given, IEnumerable<string> candidates)
    {
        var normalized = Normalize(given);
        var scored = candidates
            .Select(c => (Name: c, Distance: Distance(normalized, Normalize(c))))
            .Where(x => x.Distance <= Math.Max(2, normalized.Length / 3) || Normalize(x.Name).StartsWith(normalized, StringComparison.Ordinal) && normalized.Length >= 3)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToList();
        if (scored.Count == 0)
            return [];
        var best = scored[0].Distance;
        return scored.Where(x => x.Distance <= best + 1).Take(3).Select(x => x.Name).ToList();
    }

    /// <summary>Optimal string alignment distance: a swapped pair of letters ("Tset") counts as one edit.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
