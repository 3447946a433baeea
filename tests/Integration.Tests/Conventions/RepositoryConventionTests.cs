using System.Text.RegularExpressions;
using Integration.Tests.Bootstrap;

namespace Integration.Tests.Conventions;

/// <summary>Rules of this repository, enforced so they cannot drift (style.md §14).</summary>
public sealed partial class RepositoryConventionTests
{
    static readonly string Root = RepositoryCopy.SourceRoot;

    static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    [Fact]
    public void Build_files_stay_thin_wiring()
    {
        var tooLong = SourceFiles("build")
            .Select(f => (File: Path.GetRelativePath(Root, f), Lines: File.ReadAllLines(f).Length))
            .Where(f => f.Lines > (Path.GetFileName(f.File) == "Build.cs" ? 200 : 120))
            .ToList();

        Assert.True(tooLong.Count == 0, "Move logic from build/ into src/ (limit 120 lines, Build.cs 200): " + string.Join(", ", tooLong));
    }

    [Fact]
    public void Only_the_engine_tooling_starts_processes()
    {
        var offenders = SourceFiles("build").Concat(SourceFiles("src"))
            .Where(f => !f.Replace('\\', '/').Contains("src/BuildEngine/Tooling/"))
            .Where(f => ProcessStart().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();

        Assert.True(offenders.Count == 0, "Start processes through BuildEngine.Tooling.ProcessTasks (capture, redaction, cancellation): " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_listed_target_has_a_description()
    {
        var help = RepositoryCopy.Run(Root, Path.Combine(Root, "build.sh"), ["--help"]).StandardOutput.Split('\n');

        var targets = help.SkipWhile(l => !l.StartsWith("Targets", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(targets);
        var undocumented = targets.Select((line, i) => (line, next: i + 1 < targets.Count ? targets[i + 1] : ""))
            .Where(p => p.line.StartsWith("  ", StringComparison.Ordinal) && !p.line.StartsWith("      ", StringComparison.Ordinal) && !p.next.StartsWith("      ", StringComparison.Ordinal))
            .Select(p => p.line.Trim())
            .ToList();
        Assert.True(undocumented.Count == 0, "Give these targets a .Description(...): " + string.Join(", ", undocumented));
    }

    [GeneratedRegex(@"Process\.Start\(|new\s+Process\s*\(|new\s+ProcessStartInfo|Cli\.Wrap\(")]
    private static partial Regex ProcessStart();
}
