using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary>Triggers add targets after the trigger (acceptance case 16).</summary>
public sealed class TriggerTests
{
    [Fact]
    public void Case16_ATriggeredTargetRunsAfterItsTrigger()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DeployBuild>("DeployProd");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "DeployProd", "Announce"], r.Planned);
        Assert.Equal(["Restore", "Compile", "DeployProd", "Announce"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Announce"));
    }

    [Fact]
    public void Case16_WhenTheTriggerFails_TheTriggeredTargetIsNotRun()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DeployBuild>("DeployProd", "--fail-deploy");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(ExecutionStatus.Failed, r.Status("DeployProd"));
        Assert.Equal(ExecutionStatus.NotRun, r.Status("Announce"));
        Assert.DoesNotContain("Announce", r.Build!.Executed);
    }

    [Fact]
    public void Case16_WhenTheTriggerIsSkipped_TheTriggeredTargetIsSkippedBecauseOfIt()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DeployBuild>("DeployProd", "--deploy-disabled");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("DeployProd"));
        Assert.Equal("OnlyWhen: !DeployDisabled", r.Target("DeployProd").SummaryInfo);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Announce"));
        Assert.Equal("Skipped: because of DeployProd", r.Target("Announce").SummaryInfo);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void Case16_InvokingTheTriggeredTarget_RunsOnlyIt()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DeployBuild>("Announce");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Announce"], r.Planned);
        Assert.Equal(["Announce"], r.Build!.Executed);
    }

    [Fact]
    public void TriggeredBy_IsTheReverseOfTriggers()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<NotifyBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Compile", "Notify"], r.Planned);
        Assert.Equal(["Compile", "Notify"], r.Build!.Executed);
    }

    sealed class DeployBuild : NukeBuild
    {
        [Parameter] readonly bool FailDeploy;
        [Parameter] readonly bool DeployDisabled;

        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Compile)));
        Target DeployProd => _ => _
            .DependsOn(Compile)
            .Triggers(Announce)
            .OnlyWhenStatic(() => !DeployDisabled)
            .Executes(() =>
            {
                if (FailDeploy)
                    throw new InvalidOperationException("deployment failed");
                Executed.Add(nameof(DeployProd));
            });
        Target Announce => _ => _.Executes(() => Executed.Add(nameof(Announce)));
    }

    sealed class NotifyBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Notify => _ => _.TriggeredBy(Compile).Executes(() => Executed.Add(nameof(Notify)));
        Target Compile => _ => _.Executes(() => Executed.Add(nameof(Compile)));
    }
}
