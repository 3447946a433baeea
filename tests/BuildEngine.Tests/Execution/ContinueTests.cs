using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary><c>--continue</c> skips what succeeded in the previous attempt of the same invocation (acceptance case 21).</summary>
public sealed class ContinueTests
{
    // The failure is switched by an environment variable, which is not part of the invocation the attempt log compares.
    const string FailAt = "FAIL_AT";

    [Fact]
    public void Case21_Continue_SkipsWhatSucceeded_AndRerunsTheRest()
    {
        using var runner = new BuildRunner();
        runner.Environment[FailAt] = "Compile";
        var first = runner.Run<ContinueBuild>("Test");
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(ExecutionStatus.Failed, first.Status("Compile"));
        Assert.Equal(ExecutionStatus.NotRun, first.Status("Test"));

        runner.Environment.Remove(FailAt);
        var second = runner.Run<ContinueBuild>("Test", "--continue");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(ExecutionStatus.Skipped, second.Status("Restore"));
        Assert.Equal("Skipped: succeeded in the previous attempt", second.Target("Restore").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, second.Status("Compile"));
        Assert.Equal(ExecutionStatus.Succeeded, second.Status("Test"));
        Assert.Equal(["Compile", "Test"], second.Build!.Executed);
        Assert.DoesNotContain("restarting", second.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Case21_AChangedArgument_WarnsAndRestartsFromTheBeginning()
    {
        using var runner = new BuildRunner();
        runner.Environment[FailAt] = "Compile";
        Assert.Equal(1, runner.Run<ContinueBuild>("Test").ExitCode);

        runner.Environment.Remove(FailAt);
        var second = runner.Run<ContinueBuild>("Test", "--configuration", "Release", "--continue");

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("restarting", second.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(second.Output.Split('\n'), l => l.Contains("[WRN]", StringComparison.Ordinal) && l.Contains("restarting", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Restore", "Compile", "Test"], second.Build!.Executed);
        Assert.All(second.Planned, name => Assert.Equal(ExecutionStatus.Succeeded, second.Status(name)));
    }

    [Fact]
    public void Case21_ChangedTargets_RestartFromTheBeginning()
    {
        using var runner = new BuildRunner();
        runner.Environment[FailAt] = "Compile";
        Assert.Equal(1, runner.Run<ContinueBuild>("Test").ExitCode);

        runner.Environment.Remove(FailAt);
        var second = runner.Run<ContinueBuild>("Compile", "--continue");

        Assert.Contains("restarting", second.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Restore", "Compile"], second.Build!.Executed);
    }

    [Fact]
    public void Case21_ContinueWithoutAPreviousAttempt_RunsEverything()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ContinueBuild>("Test", "--continue");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Build!.Executed);
    }

    [Fact]
    public void Case21_WithoutContinue_EverythingRunsAgain()
    {
        using var runner = new BuildRunner();
        runner.Environment[FailAt] = "Compile";
        Assert.Equal(1, runner.Run<ContinueBuild>("Test").ExitCode);

        runner.Environment.Remove(FailAt);
        var second = runner.Run<ContinueBuild>("Test");

        Assert.Equal(["Restore", "Compile", "Test"], second.Build!.Executed);
    }

    [Fact]
    public void Case21_ASecondContinue_StillSkipsWhatSucceededInAnyEarlierAttempt()
    {
        using var runner = new BuildRunner();
        runner.Environment[FailAt] = "Compile";
        Assert.Equal(1, runner.Run<ContinueBuild>("Test").ExitCode);
        runner.Environment[FailAt] = "Test";
        var second = runner.Run<ContinueBuild>("Test", "--continue");
        Assert.Equal(1, second.ExitCode);
        Assert.Equal(["Compile"], second.Build!.Executed);

        runner.Environment.Remove(FailAt);
        var third = runner.Run<ContinueBuild>("Test", "--continue");

        Assert.Equal(0, third.ExitCode);
        Assert.Equal(["Test"], third.Build!.Executed);
        Assert.Equal("Skipped: succeeded in the previous attempt", third.Target("Restore").SummaryInfo);
        Assert.Equal("Skipped: succeeded in the previous attempt", third.Target("Compile").SummaryInfo);
    }

    [DefaultTarget("Test")]
    sealed class ContinueBuild : NukeBuild
    {
        [Parameter] readonly string? FailAt;
        [Parameter] readonly string? Configuration;

        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Run(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Run(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Run(nameof(Test)));

        void Run(string target)
        {
            if (FailAt == target)
                throw new InvalidOperationException($"{target} failed ({Configuration ?? "default"} configuration)");
            Executed.Add(target);
        }
    }
}
