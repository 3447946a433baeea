using System.Globalization;
using BuildEngine.IO;

namespace Delivery.Scanning.Gate;

/// <summary>
/// <c>.scanignore</c> at the repository root: one waiver per line, <c>ID exp:YYYY-MM-DD [path:SCOPE] # reason</c>,
/// and <c>#</c> comment lines. Trivy reads the same file as <c>--ignorefile</c> (it takes the first field as the id,
/// <c>exp:</c> as the expiry, and skips other fields and comments, so a <c>path:</c> scope is not honoured there).
/// Every entry needs an expiry and a reason; a line without them is an error, never a silent waiver.
/// </summary>
public sealed class ScanIgnoreFile
{
    public const string FileName = ".scanignore";
    const string Example = "CVE-2025-1234 exp:2027-01-31 # <why this is acceptable until then>";

    ScanIgnoreFile(string file, IReadOnlyList<ScanIgnoreEntry> entries, IReadOnlyList<ScanIgnoreError> errors)
    {
        File = file;
        Entries = entries;
        Errors = errors;
    }

    /// <summary>The name used in messages (repository-relative).</summary>
    public string File { get; }

    public IReadOnlyList<ScanIgnoreEntry> Entries { get; }

    public IReadOnlyList<ScanIgnoreError> Errors { get; }

    public static ScanIgnoreFile Empty { get; } = new(FileName, [], []);

    /// <summary>Reads <paramref name="file"/>; no file means no waivers.</summary>
    public static ScanIgnoreFile Load(AbsolutePath file) =>
        file.FileExists() ? Parse(file.ReadAllText(), file.Name) : Empty;

    public static ScanIgnoreFile Parse(string text, string file = FileName)
    {
        var entries = new List<ScanIgnoreEntry>();
        var errors = new List<ScanIgnoreError>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var (entry, problems) = ParseLine(line, i + 1);
            if (problems.Count > 0)
                errors.Add(new ScanIgnoreError(file, i + 1, $"'{line}': {string.Join("; ", problems)}. Write it as: {Example}"));
            else
                entries.Add(entry!);
        }
        return new ScanIgnoreFile(file, entries, errors);
    }

    static (ScanIgnoreEntry? Entry, List<string> Problems) ParseLine(string line, int number)
    {
        var problems = new List<string>();
        var hash = line.IndexOf('#');
        var reason = hash < 0 ? "" : line[(hash + 1)..].Trim();
        var fields = (hash < 0 ? line : line[..hash]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var id = fields.Length > 0 ? fields[0] : "";
        if (id.Length == 0 || id.Contains(':', StringComparison.Ordinal))
            problems.Add("it must start with the finding's id (a CVE/GHSA id or a rule id)");

        DateOnly? expires = null;
        string? scope = null;
        foreach (var field in fields.Skip(1))
        {
            if (field.StartsWith("exp:", StringComparison.Ordinal))
            {
                if (expires is not null)
                    problems.Add("it has more than one exp:");
                else if (DateOnly.TryParseExact(field[4..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    expires = date;
                else
                    problems.Add($"'{field}' is not a date; write exp:YYYY-MM-DD");
            }
            else if (field.StartsWith("path:", StringComparison.Ordinal))
            {
                if (scope is not null)
                    problems.Add("it has more than one path:");
                else
                    scope = Scope(field[5..], problems);
            }
            else
                problems.Add($"'{field}' is not a field this file knows (exp:YYYY-MM-DD, path:SCOPE; the reason goes after #)");
        }

        if (expires is null && !problems.Any(p => p.Contains("exp:", StringComparison.Ordinal)))
            problems.Add("it has no expiry: add exp:YYYY-MM-DD, the first day the waiver no longer applies");
        if (reason.Length == 0)
            problems.Add("it has no reason: add '# <why it is acceptable, and what tracks the fix>' at the end");
        return problems.Count > 0 ? (null, problems) : (new ScanIgnoreEntry(id, expires!.Value, reason, scope, number), problems);
    }

    static string? Scope(string text, List<string> problems)
    {
        var scope = text.StartsWith("./", StringComparison.Ordinal) ? text[2..] : text;
        scope = scope.TrimEnd('/');
        if (scope.Length == 0 || scope.StartsWith('/'))
        {
            problems.Add($"'path:{text}' is not a scope; give an image repository (path:pazpaz/api) or a repository-relative file or folder");
            return null;
        }
        return scope;
    }
}
