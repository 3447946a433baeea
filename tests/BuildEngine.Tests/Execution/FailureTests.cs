using System.Diagnostics;
using BuildEngine.Execution;
using BuildEngine.Tests.Support;
using BuildEngine.Tooling;

namespace BuildEngine.Tests.Execution;

/// <summary>Failures, ProceedAfterFailure, AssuredAfterFailure and interrupts (acceptance cases 11–13).</summary>
public sealed class FailureTests
{
    [Fact]
    public void Case11_AFailingProcess_FailsTheTarget_AndLaterTargetsAreNotRun()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FailingBuild>("Test");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Restore"));
        Assert.Equal(ExecutionStatus.Failed, r.Status("Compile"));
        Assert.StartsWith("ProcessException: Process 'sh' exited with code 1", r.Target("Compile").SummaryInfo, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.NotRun, r.Status("Test"));
        Assert.Equal(["Restore"], r.Build!.Executed);
        Assert.Contains("Build failed", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Build succeeded", r.Output, StringComparison.Ordinal);
        Assert.StartsWith("ProcessException: Process 'sh' exited with code 1", SummaryTable.Row(r.Output, "Compile").Info, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.NotRun, SummaryTable.Row(r.Output, "Test").Status);
    }

    [Fact]
    public void Case11_TheProcessOutput_IsPartOfTheFailureMessage()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FailingBuild>("Test");

        Assert.Contains("oops", r.Output, StringComparison.Ordinal);
        Assert.Contains("Target Compile has thrown an exception", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Case12_AnAssuredTargetRunsAfterAFailure()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FailingBuild>("Test", "Cleanup");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test", "Cleanup"], r.Planned);
        Assert.Equal(ExecutionStatus.Failed, r.Status("Compile"));
        Assert.Equal(ExecutionStatus.NotRun, r.Status("Test"));
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Cleanup"));
        Assert.Equal(["Restore", "Cleanup"], r.Build!.Executed);
    }

    [Fact]
    public void Case13_ProceedAfterFailure_RunsTheDependents_ButTheBuildStillFails()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ProceedBuild>("Test");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Restore"));
        Assert.Equal(ExecutionStatus.Failed, r.Status("Compile"));
        Assert.Equal("InvalidOperationException: compile failed", r.Target("Compile").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Test"));
        Assert.Equal(["Restore", "Test"], r.Build!.Executed);
        Assert.Contains("Build failed", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AsyncActions_AreAwaited()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<AsyncBuild>("Compile");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["Restore:start", "Restore:end"], r.Build!.Executed);
        Assert.Equal("InvalidOperationException: async failure", r.Target("Compile").SummaryInfo);
    }

    [Fact]
    public void Interrupt_AbortsTheRunningTarget_KillsItsProcess_AndStillRunsAssuredTargets()
    {
        const string marker = "31.7";
        using var runner = new BuildRunner();
        using var interrupt = new CancellationTokenSource();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            interrupt.CancelAfter(TimeSpan.FromSeconds(1));

            var r = runner.Run<SleepingBuild>(interrupt.Token, "Sleep", "Cleanup");

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"The build took {stopwatch.Elapsed} after an interrupt at 1 s.");
            Assert.Equal(130, r.ExitCode);
            Assert.Equal(ExecutionStatus.Aborted, r.Status("Sleep"));
            Assert.Equal(ExecutionStatus.Succeeded, r.Status("Cleanup"));
            Assert.Equal(["Cleanup"], r.Build!.Executed);
            Assert.Equal(ExecutionStatus.Aborted, SummaryTable.Row(r.Output, "Sleep").Status);
            var left = ProcessProbe.WaitUntilGone($"sleep {marker}", TimeSpan.FromSeconds(5));
            Assert.True(left.Count == 0, $"'sleep {marker}' is still running after the interrupt (pids {string.Join(", ", left)}).");
        }
        finally
        {
            ProcessProbe.Kill(ProcessProbe.Find($"sleep {marker}"));
        }
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Interrupt_KillsTheChildrenOfTheProcessToo()
    {
        // "sleep 32.3; true" makes the shell fork sleep as a child instead of replacing itself with it.
        const string marker = "32.3";
        using var runner = new BuildRunner();
        using var interrupt = new CancellationTokenSource();
        try
        {
            interrupt.CancelAfter(TimeSpan.FromSeconds(1));

            var r = runner.Run<SleepingBuild>(interrupt.Token, "SleepInChild");

            Assert.Equal(130, r.ExitCode);
            Assert.Equal(ExecutionStatus.Aborted, r.Status("SleepInChild"));
            var left = ProcessProbe.WaitUntilGone($"sleep {marker}", TimeSpan.FromSeconds(5));
            Assert.True(left.Count == 0, $"'sleep {marker}' (a child of the build's shell) is still running after the interrupt (pids {string.Join(", ", left)}).");
        }
        finally
        {
            ProcessProbe.Kill(ProcessProbe.Find($"sleep {marker}"));
        }
    }

    [DefaultTarget("Test")]
    sealed class FailingBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() =>
        {
            ProcessTasks.StartProcess("/bin/sh", ["-c", "echo oops >&2; exit 1"]);
            Executed.Add(nameof(Compile));
        });
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Cleanup => _ => _.After(Test).AssuredAfterFailure().Executes(() => Executed.Add(nameof(Cleanup)));
    }

    sealed class ProceedBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).ProceedAfterFailure().Executes(() => throw new InvalidOperationException("compile failed"));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
    }

    sealed class AsyncBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(async () =>
        {
            Executed.Add("Restore:start");
            await Task.Delay(50);
            Executed.Add("Restore:end");
        });
        Target Compile => _ => _.DependsOn(Restore).Executes(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async failure");
        });
    }

    sealed class SleepingBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Sleep => _ => _.Executes(() =>
        {
            ProcessTasks.StartProcess("/bin/sh", ["-c", "sleep 31.7"]);
            Executed.Add(nameof(Sleep));
        });
        Target SleepInChild => _ => _.Executes(() =>
        {
            ProcessTasks.StartProcess("/bin/sh", ["-c", "sleep 32.3; true"]);
            Executed.Add(nameof(SleepInChild));
        });
        Target Cleanup => _ => _.After(Sleep).AssuredAfterFailure().Executes(() => Executed.Add(nameof(Cleanup)));
    }
}
