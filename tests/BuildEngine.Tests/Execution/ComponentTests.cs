using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary>Targets declared on component interfaces, extended with Inherit and referenced with the generic forms.</summary>
public sealed class ComponentTests
{
    public interface IRecord : INukeBuild
    {
        List<string> Executed { get; }
    }

    public interface ITestComponent : IRecord
    {
        Target Compile => _ => _.Executes(() => Executed.Add("component Compile"));
    }

    public interface IPackComponent : IRecord
    {
        Target Pack => _ => _.DependsOn<ITestComponent>(x => x.Compile).Executes(() => Executed.Add("Pack"));
    }

    public interface INotImplemented : INukeBuild
    {
        Target Missing => _ => _.Executes(() => { });
    }

    [Fact]
    public void AComponentTarget_IsDiscoveredAndRuns()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PlainComponentBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Compile"], r.Planned);
        Assert.Equal(["component Compile"], r.Build!.Executed);
    }

    [Fact]
    public void InheritKeepsTheComponentDefinition_AndAddsToIt()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ExtendingBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile"], r.Planned);
        Assert.Equal(["Restore", "component Compile", "build Compile"], r.Build!.Executed);
    }

    [Fact]
    public void GenericDependsOn_ResolvesTheComponentTarget_AsTheBuildDefinesIt()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ExtendingBuild>("Test");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Planned);
        Assert.Equal(["Restore", "component Compile", "build Compile", "Test"], r.Build!.Executed);
    }

    [Fact]
    public void GenericDependsOn_WorksInsideAComponent()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ExtendingBuild>("Pack");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Pack"], r.Planned);
        Assert.Equal(["Restore", "component Compile", "build Compile", "Pack"], r.Build!.Executed);
    }

    [Fact]
    public void ShorthandDependsOn_PicksTheComponentsOnlyTarget_AndTryDependsOnIgnoresMissingComponents()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ShorthandBuild>("Test");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Compile", "Test"], r.Planned);
        Assert.Equal(["component Compile", "Test"], r.Build!.Executed);
    }

    [Fact]
    public void AnOverrideWithoutInherit_ReplacesTheComponentDefinition()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<OverridingBuild>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["build Compile"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Succeeded, r.Status("Compile"));
    }

    sealed class PlainComponentBuild : NukeBuild, ITestComponent
    {
        public List<string> Executed { get; } = [];
    }

    sealed class ExtendingBuild : NukeBuild, ITestComponent, IPackComponent
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target ITestComponent.Compile => _ => _.Inherit<ITestComponent>().DependsOn(Restore).Executes(() => Executed.Add("build Compile"));
        Target Test => _ => _.DependsOn<ITestComponent>(x => x.Compile).Executes(() => Executed.Add(nameof(Test)));
    }

    sealed class ShorthandBuild : NukeBuild, ITestComponent
    {
        public List<string> Executed { get; } = [];

        Target Test => _ => _.DependsOn<ITestComponent>().TryDependsOn<INotImplemented>(x => x.Missing).Executes(() => Executed.Add(nameof(Test)));
    }

    sealed class OverridingBuild : NukeBuild, ITestComponent
    {
        public List<string> Executed { get; } = [];

        Target ITestComponent.Compile => _ => _.Executes(() => Executed.Add("build Compile"));
    }
}
