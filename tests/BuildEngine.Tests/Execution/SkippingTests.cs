using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary><c>--skip</c>, static and dynamic conditions, and the WhenSkipped cascade (acceptance cases 4–7, 14, 15).</summary>
public sealed class SkippingTests
{
    [Fact]
    public void Case04_SkipWithoutNames_SkipsEveryTargetThatWasNotInvoked()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Test"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Restore"));
        Assert.Equal("Skipped: via parameter", r.Target("Restore").SummaryInfo);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Compile"));
        Assert.Equal("Skipped: via parameter", r.Target("Compile").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Test"));
        Assert.Equal(new SummaryRow("Restore", ExecutionStatus.Skipped, "Skipped: via parameter"), SummaryTable.Row(r.Output, "Restore"));
    }

    [Fact]
    public void Case05_SkippingCompile_SkipsTheDependencyOnlyItNeeded()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip", "Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Test"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Compile"));
        Assert.Equal("Skipped: via parameter", r.Target("Compile").SummaryInfo);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Restore"));
        Assert.Equal("Skipped: because of Compile", r.Target("Restore").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Test"));
        Assert.Equal("Skipped: because of Compile", SummaryTable.Row(r.Output, "Restore").Info);
    }

    [Fact]
    public void Case05_WhenSkippedExecute_KeepsTheDependencyRunning()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ExecuteWhenSkippedBuild>("Test", "--skip", "Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Test"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Restore"));
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Compile"));
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Test"));
    }

    [Theory]
    [InlineData("--skip", "Test")]
    [InlineData("--skip", "test")]
    public void Case06_AnInvokedTargetIsNeverSkipped(params string[] skip)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>(["Test", .. skip]);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Build!.Executed);
        Assert.All(r.Planned, name => Assert.Equal(ExecutionStatus.Succeeded, r.Status(name)));
    }

    [Fact]
    public void Case07_SkipWithoutTargets_SkipsEverythingIncludingTheDefault()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("--skip");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Planned);
        Assert.Empty(r.Build!.Executed);
        Assert.All(r.Planned, name => Assert.Equal(ExecutionStatus.Skipped, r.Status(name)));
    }

    [Fact]
    public void Skip_NamesMatchWithoutCase()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip", "restore");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Compile", "Test"], r.Build!.Executed);
        Assert.Equal("Skipped: via parameter", r.Target("Restore").SummaryInfo);
    }

    [Fact]
    public void Skip_AnUnknownName_IsAUsageError()
    {
        // NUKE ignores unknown --skip names; this engine treats a typo as a usage error, like an unknown target.
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Test", "--skip", "Compiel");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target with name 'Compiel' does not exist.", r.Output, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Compile'?", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void Case14_FalseStaticCondition_SkipsTheTargetAndTheDependencyOnlyItNeeded()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ScanBuild>("Push");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["DockerBuild", "Scan", "Push"], r.Planned);
        Assert.Equal(["Push"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Scan"));
        Assert.Equal("OnlyWhen: HasScanner", r.Target("Scan").SummaryInfo);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("DockerBuild"));
        Assert.Equal("Skipped: because of Scan", r.Target("DockerBuild").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Push"));
        Assert.Equal("OnlyWhen: HasScanner", SummaryTable.Row(r.Output, "Scan").Info);
        Assert.Equal("Skipped: because of Scan", SummaryTable.Row(r.Output, "DockerBuild").Info);
    }

    [Fact]
    public void Case14_WhenSkippedExecuteOnScan_KeepsDockerBuildRunning()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ScanExecuteBuild>("Push");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["DockerBuild", "Push"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("DockerBuild"));
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Scan"));
        Assert.Equal("OnlyWhen: HasScanner", r.Target("Scan").SummaryInfo);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Push"));
    }

    [Fact]
    public void Case14_ADependencyAnotherScheduledTargetNeeds_IsNotSkipped()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ScanBuild>("Push", "Publish");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Scan"));
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("DockerBuild"));
        Assert.Equal(["DockerBuild", "Push", "Publish"], r.Build!.Executed);
    }

    [Fact]
    public void StaticConditions_AreJoinedWithAnd()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ScanBuild>("Audit");

        Assert.Equal(ExecutionStatus.Skipped, r.Status("Audit"));
        Assert.Equal("OnlyWhen: HasScanner && IsAuditDay", r.Target("Audit").SummaryInfo);
    }

    [Fact]
    public void Case15_FalseDynamicCondition_SkipsTheTargetAfterItsDependenciesRan()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DynamicBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Restore"));
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Compile"));
        Assert.Equal("OnlyWhen: false", r.Target("Compile").SummaryInfo);
    }

    [Fact]
    public void Case15_DynamicCondition_IsEvaluatedAfterTheDependenciesRan()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DynamicBuild>("Package");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Generate", "Package"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Package"));
    }

    [Fact]
    public void Case15_DynamicSkip_DoesNotStopTheTargetsAfterIt()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DynamicBuild>("Test");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Test"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Compile"));
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Test"));
    }

    [DefaultTarget("Test")]
    sealed class ExecuteWhenSkippedBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).WhenSkipped(DependencyBehavior.Execute).Executes(() => Executed.Add(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
    }

    class ScanBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];
        bool HasScanner => false;
        bool IsAuditDay => false;

        Target DockerBuild => _ => _.Executes(() => Executed.Add(nameof(DockerBuild)));
        protected virtual Target Scan => _ => _.DependsOn(DockerBuild).OnlyWhenStatic(() => HasScanner).Executes(() => Executed.Add(nameof(Scan)));
        Target Push => _ => _.DependsOn(Scan).Executes(() => Executed.Add(nameof(Push)));
        Target Publish => _ => _.DependsOn(DockerBuild).Executes(() => Executed.Add(nameof(Publish)));
        Target Audit => _ => _.OnlyWhenStatic(() => HasScanner).OnlyWhenStatic(() => IsAuditDay).Executes(() => Executed.Add(nameof(Audit)));
    }

    sealed class ScanExecuteBuild : ScanBuild
    {
        protected override Target Scan => _ => base.Scan(_).WhenSkipped(DependencyBehavior.Execute);
    }

    sealed class DynamicBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).OnlyWhenDynamic(() => false).Executes(() => Executed.Add(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Generate => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Generate)));
        Target Package => _ => _.DependsOn(Generate).OnlyWhenDynamic(() => Executed.Contains("Generate")).Executes(() => Executed.Add(nameof(Package)));
    }
}
