using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Cli;

/// <summary>Unknown targets (acceptance case 9), <c>--plan</c> and <c>--help</c>.</summary>
public sealed class CliTests
{
    static List<string> Lines(string output) => output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    [Fact]
    public void Case09_AnUnknownTarget_IsAUsageError_WithASuggestionAndTheSortedTargets()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Tset");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target with name 'Tset' does not exist.", r.Output, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Test'?", r.Output, StringComparison.Ordinal);
        Assert.Contains("Available targets are:", r.Output, StringComparison.Ordinal);
        var lines = Lines(r.Output);
        var listed = lines.SkipWhile(l => !l.EndsWith("Available targets are:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();
        Assert.Equal(["Clean", "Compile", "Restore", "Test"], listed);
        Assert.Empty(r.Build!.Executed);
        Assert.Empty(r.Planned);
    }

    [Fact]
    public void Case09_AnUnknownTargetAfterAKnownOne_StillRunsNothing()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Compile", "--target", "Tset");

        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void Plan_PrintsTheOrderedPlanWithReasons_AndRunsNothing()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--plan");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.Empty(r.Ran);
        var lines = Lines(r.Output);
        var restore = lines.FindIndex(l => l.Contains("1. Restore", StringComparison.Ordinal));
        var compile = lines.FindIndex(l => l.Contains("2. Compile", StringComparison.Ordinal));
        var test = lines.FindIndex(l => l.Contains("3. Test", StringComparison.Ordinal));
        Assert.True(restore >= 0 && compile == restore + 1 && test == compile + 1, r.Output);
        Assert.Contains("dependency of Compile", lines[restore], StringComparison.Ordinal);
        Assert.Contains("dependency of Test", lines[compile], StringComparison.Ordinal);
        Assert.Contains("invoked", lines[test], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Clean", StringComparison.Ordinal));
        Assert.DoesNotContain("Build succeeded", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithoutTargets_ShowsTheDefaultTarget()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("--plan");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.Contains(Lines(r.Output), l => l.Contains("3. Test", StringComparison.Ordinal) && l.Contains("default target", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--plan", "Compile")]
    [InlineData("--plan", "text", "Compile")]
    [InlineData("Compile", "--plan")]
    public void Plan_TakesTargetsAsItsValues(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.Equal(["Restore", "Compile"], r.Planned);
        Assert.Contains(Lines(r.Output), l => l.Contains("2. Compile", StringComparison.Ordinal) && l.Contains("invoked", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(r.Output), l => l.Contains("Test", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_IsPrintedWhateverTheVerbosity()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--plan", "--verbosity", "quiet");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains(Lines(r.Output), l => l.Contains("3. Test", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ShowsSkippedTargets()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip", "Compile", "--plan");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.Contains(Lines(r.Output), l => l.Contains("Compile", StringComparison.Ordinal) && l.Contains("skipped via parameter", StringComparison.Ordinal));
        Assert.Contains(Lines(r.Output), l => l.Contains("Restore", StringComparison.Ordinal) && l.Contains("skipped because of Compile", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_DoesNotEvaluateRequirements()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<HelpBuild>("Push", "--plan");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.DoesNotContain("requires", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanMermaid_PrintsAGraph()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "Clean", "--plan", "mermaid");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        var lines = Lines(r.Output).Select(l => l.Trim()).ToList();
        Assert.Contains("graph LR", lines);
        Assert.Contains("Restore --> Compile", lines);
        Assert.Contains("Compile --> Test", lines);
        Assert.Contains("Clean -.-> Restore", lines);
    }

    [Fact]
    public void Help_ListsTargetsWithDefaultAndDependencies_AndParametersWithTheirEnvironmentNames()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<HelpBuild>("--help");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        var lines = Lines(r.Output);
        Assert.Contains("Targets (with their direct dependencies):", lines);
        var test = Assert.Single(lines, l => l.TrimStart().StartsWith("Test", StringComparison.Ordinal));
        Assert.Contains("Test (default)", test, StringComparison.Ordinal);
        Assert.Contains("-> Compile", test, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("Push", StringComparison.Ordinal) && l.Contains("-> Test", StringComparison.Ordinal));
        Assert.Contains("Pushes the image", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Hidden", StringComparison.Ordinal));
        var url = Assert.Single(lines, l => l.TrimStart().StartsWith("--registry-url", StringComparison.Ordinal));
        Assert.Contains("REGISTRY_URL", url, StringComparison.Ordinal);
        Assert.Contains("Where images are pushed.", url, StringComparison.Ordinal);
        var password = Assert.Single(lines, l => l.TrimStart().StartsWith("--registry-password", StringComparison.Ordinal));
        Assert.Contains("secret", password, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--nuget-api-key", StringComparison.Ordinal) && l.Contains("NUGET_API_KEY", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--skip", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("--verbosity", StringComparison.Ordinal));
    }

    [Fact]
    public void NoTargetsAndNoDefault_PrintsHelp()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<NoDefaultBuild>();

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Targets (with their direct dependencies):", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void ADashedTargetName_IsNotAParameter()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("--compile");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'compile' is a target", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void TheSummaryListsEveryPlannedTargetWithItsStatus()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip", "Restore");

        var rows = SummaryTable.Parse(r.Output);
        Assert.Equal(
            [
                new SummaryRow("Restore", ExecutionStatus.Skipped, "Skipped: via parameter"),
                new SummaryRow("Compile", ExecutionStatus.Succeeded, null),
                new SummaryRow("Test", ExecutionStatus.Succeeded, null),
            ],
            rows);
        Assert.Contains(Lines(r.Output), l => l.StartsWith("Total", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportSummary_AppearsInTheSummaryRow()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<HelpBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Warnings: 0, Projects: 3", SummaryTable.Row(r.Output, "Compile").Info);
    }

    [DefaultTarget("Test")]
    sealed class HelpBuild : NukeBuild
    {
        [Parameter("Where images are pushed")] readonly string? RegistryUrl;
        [Parameter] [Secret] readonly string? RegistryPassword;
        [Parameter] readonly string? NuGetApiKey;

        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() =>
        {
            Executed.Add(nameof(Compile));
            ReportSummary(s => s.AddPair("Warnings", 0).AddPair("Projects", 3));
        });
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Push => _ => _.DependsOn(Test).Description("Pushes the image").Requires(() => RegistryPassword)
            .Executes(() => Executed.Add($"{nameof(Push)} {RegistryUrl} {NuGetApiKey}"));
        Target Hidden => _ => _.Unlisted().Executes(() => Executed.Add(nameof(Hidden)));
    }

    sealed class NoDefaultBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Compile => _ => _.Executes(() => Executed.Add(nameof(Compile)));
    }
}
