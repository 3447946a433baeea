using System.Text;

namespace BuildEngine.Parameters;

/// <summary>How a parameter's name is shown: <c>RegistryUrl</c> is <c>--registry-url</c> and <c>REGISTRY_URL</c>.</summary>
public static class ParameterNames
{
    static readonly string[] KnownWords = ["GitHub", "GitVersion", "GitLab", "NuGet", "DotNet", "MSBuild", "TeamCity", "AppVeyor", "JetBrains", "OAuth", "PostgreSQL", "pgBackRest", "MinIO"];

    public static string ToKebab(string name) => string.Join('-', Words(name)).ToLowerInvariant();

    public static string ToEnvironment(string name) => string.Join('_', Words(name)).ToUpperInvariant();

    static IEnumerable<string> Words(string name)
    {
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var known = KnownWords.FirstOrDefault(k => string.CompareOrdinal(name, i, k, 0, k.Length) == 0);
            if (known is not null)
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                yield return known;
                i += known.Length - 1;
                continue;
            }
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                continue;
            }
            var startsWord = char.IsUpper(c) && word.Length > 0 &&
                             (!char.IsUpper(name[i - 1]) || i + 1 < name.Length && char.IsLower(name[i + 1]));
            if (startsWord)
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(c);
        }
        if (word.Length > 0) yield return word.ToString();
    }
}
