using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary>Requirements are checked for the whole plan before anything runs (acceptance case 17).</summary>
public sealed class RequirementTests
{
    [Fact]
    public void Case17_AMissingRequiredSecret_FailsBeforeAnythingRuns_NamingWhereItWasLookedFor()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("Push");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target 'Push' requires member 'RegistryPassword' to be not null or empty", r.Output, StringComparison.Ordinal);
        Assert.Contains("--registry-password", r.Output, StringComparison.Ordinal);
        Assert.Contains("REGISTRY_PASSWORD", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
        Assert.Equal(["Restore", "Compile", "Test", "Push"], r.Planned);
        Assert.All(r.Planned, name => Assert.Equal(ExecutionStatus.NotRun, r.Status(name)));
        Assert.Contains("Build failed", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Case17_TheRequirementOfALaterTarget_IsCheckedBeforeTheFirstTargetRuns()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("DeployStaging");

        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        Assert.All(r.Planned, name => Assert.Equal(ExecutionStatus.NotRun, r.Status(name)));
    }

    [Fact]
    public void Case17_ASkippedTargetsRequirement_IsNotChecked()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("DeployStaging", "--skip", "Push");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("requires member", r.Output, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Push"));
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("DeployStaging"));
        Assert.Contains("DeployStaging", r.Build!.Executed);
        Assert.DoesNotContain("Push", r.Build.Executed);
    }

    [Fact]
    public void ARequirementOfATargetSkippedByItsStaticCondition_IsNotChecked()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("Push", "--no-push");

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("requires member", r.Output, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Skipped, r.Status("Push"));
        Assert.Equal("OnlyWhen: !NoPush", r.Target("Push").SummaryInfo);
    }

    [Theory]
    [InlineData("--registry-password", "hunter2")]
    [InlineData("--registry-password=hunter2")]
    public void Case17_AGivenValue_SatisfiesTheRequirement(params string[] password)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>(["Push", .. password]);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test", "Push"], r.Build!.Executed);
    }

    [Fact]
    public void Case17_AValueFromTheEnvironment_SatisfiesTheRequirement()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY_PASSWORD"] = "hunter2";

        var r = runner.Run<PushBuild>("Push");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test", "Push"], r.Build!.Executed);
    }

    [Fact]
    public void ABlankString_DoesNotSatisfyTheRequirement()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY_PASSWORD"] = "   ";

        var r = runner.Run<PushBuild>("Push");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target 'Push' requires member 'RegistryPassword' to be not null or empty", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AFalseConditionRequirement_IsReportedWithItsExpression()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("Release");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target 'Release' requires 'IsOnMainBranch'", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
        Assert.Equal(ExecutionStatus.NotRun, r.Status("Release"));
    }

    [Fact]
    public void EveryMissingRequirement_IsReportedAtOnce()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PushBuild>("Push", "Release");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Target 'Push' requires member 'RegistryPassword'", r.Output, StringComparison.Ordinal);
        Assert.Contains("Target 'Release' requires 'IsOnMainBranch'", r.Output, StringComparison.Ordinal);
    }

    sealed class PushBuild : NukeBuild
    {
        [Parameter("Password of the container registry")] [Secret] readonly string? RegistryPassword;
        [Parameter] readonly bool NoPush;

        public List<string> Executed { get; } = [];
        bool IsOnMainBranch => false;

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Push => _ => _.DependsOn(Test).OnlyWhenStatic(() => !NoPush).Requires(() => RegistryPassword).Executes(() => Executed.Add(nameof(Push)));
        Target DeployStaging => _ => _.DependsOn(Push).Executes(() => Executed.Add(nameof(DeployStaging)));
        Target Release => _ => _.Requires(() => IsOnMainBranch).Executes(() => Executed.Add(nameof(Release)));
    }
}
