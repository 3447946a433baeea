using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Logging;

/// <summary><c>--verbosity</c> sets the lowest level that reaches the output.</summary>
public sealed class VerbosityTests
{
    [Fact]
    public void Quiet_OnASucceedingBuild_PrintsNoInformationLines()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("--verbosity", "quiet");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Build!.Executed);
        Assert.DoesNotContain("[INF]", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Build succeeded", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiet_StillPrintsResultLines_AloneAndLast()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ResultLineBuild>("--verbosity", "quiet");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Tests: 3 passed, 0 failed, 0 skipped", r.Output.TrimEnd());
    }

    [Fact]
    public void Normal_PrintsResultLinesAfterTheOutcome()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ResultLineBuild>();

        var lines = r.Output.TrimEnd().Split('\n');
        Assert.Equal("Tests: 3 passed, 0 failed, 0 skipped", lines[^1]);
        Assert.StartsWith("Build succeeded", lines[^2], StringComparison.Ordinal);
    }

    [DefaultTarget("Test")]
    sealed class ResultLineBuild : NukeBuild
    {
        Target Test => _ => _.Executes(() => ReportResultLine("Tests: 3 passed, 0 failed, 0 skipped"));
    }

    [Fact]
    public void Quiet_StillPrintsErrors()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Tset", "--verbosity", "quiet");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("[ERR]", r.Output, StringComparison.Ordinal);
        Assert.Contains("Target with name 'Tset' does not exist.", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Normal_PrintsInformationAndTheOutcome()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>();

        Assert.Contains("[INF]", r.Output, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadVerbosity_IsAUsageError()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("--verbosity", "loud");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'loud'", r.Output, StringComparison.Ordinal);
    }
}
