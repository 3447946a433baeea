using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary>Which targets are planned and in what order (acceptance cases 1, 2, 3, 8, 10, 18, 20).</summary>
public sealed class PlanningTests
{
    [Fact]
    public void Case01_NoArguments_RunsTheDefaultTargetWithItsDependencies()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>();

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Planned);
        Assert.Equal(["Restore", "Compile", "Test"], r.Build!.Executed);
        Assert.All(r.Planned, name => Assert.Equal(ExecutionStatus.Succeeded, r.Status(name)));
        Assert.Equal(["Restore", "Compile", "Test"], SummaryTable.Names(r.Output));
        Assert.DoesNotContain("Clean", SummaryTable.Names(r.Output));
    }

    [Fact]
    public void Case02_InvokingCompile_RunsOnlyItsDependencies()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Compile");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile"], r.Planned);
        Assert.Equal(["Restore", "Compile"], r.Build!.Executed);
        Assert.Equal(["Restore", "Compile"], SummaryTable.Names(r.Output));
        Assert.Equal(ExecutionStatus.None, r.Status("Test"));
    }

    [Theory]
    [InlineData("Test", "Clean")]
    [InlineData("Clean", "Test")]
    public void Case03_BeforeOrdersCleanFirst_WhateverTheCommandLineOrder(string first, string second)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>(first, second);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Clean", "Restore", "Compile", "Test"], r.Planned);
        Assert.Equal(["Clean", "Restore", "Compile", "Test"], r.Build!.Executed);
    }

    [Fact]
    public void Before_DoesNotPullATargetIntoThePlan()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>("Restore");

        Assert.Equal(["Restore"], r.Planned);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("TEST")]
    [InlineData("--target", "test")]
    [InlineData("--target", "Test")]
    public void Case08_TargetNamesAreCaseInsensitive_PositionallyAndWithTarget(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], r.Planned);
        Assert.Equal(["Restore", "Compile", "Test"], r.Build!.Executed);
    }

    [Theory]
    [InlineData("deploy-staging")]
    [InlineData("DEPLOY-STAGING")]
    [InlineData("deploystaging")]
    [InlineData("--target", "deploy-staging")]
    public void Case08_MultiWordNamesMatchWithDashes(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<DeployBuild>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["DeployStaging"], r.Planned);
        Assert.Equal(["DeployStaging"], r.Build!.Executed);
    }

    [Theory]
    [InlineData]
    [InlineData("Clean")]
    [InlineData("Test")]
    [InlineData("Restore")]
    public void Case10_ACycleAnywhereFailsEveryInvocation_AndNothingRuns(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<CyclicBuild>(arguments);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Circular dependencies between targets:", r.Output, StringComparison.Ordinal);
        var cycle = r.Output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(" - ", StringComparison.Ordinal));
        Assert.Equal(["Compile", "Restore", "Test"], cycle[3..].Split(", ").Order(StringComparer.Ordinal));
        Assert.Empty(r.Build!.Executed);
        Assert.Empty(r.Planned);
        Assert.All(r.Build.Targets, t => Assert.Equal(ExecutionStatus.None, t.Status));
    }

    [Fact]
    public void Case18_CollectiveTargetRunsItsDependencies_AndIsNotInTheSummary()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<CollectiveBuild>("All");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test", "Pack", "All"], r.Planned);
        Assert.Equal(["Restore", "Compile", "Test", "Pack"], r.Build!.Executed);
        Assert.Equal(ExecutionStatus.Collective, r.Status("All"));
        Assert.Equal(["Restore", "Compile", "Test", "Pack"], SummaryTable.Names(r.Output));
    }

    [Fact]
    public void Case20_UnrelatedInvokedTargets_RunInCommandLineOrder_AB()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TieBuild>("A", "B");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["A", "B"], r.Planned);
        Assert.Equal(["A", "B"], r.Build!.Executed);
    }

    [Fact]
    public void Case20_UnrelatedInvokedTargets_RunInCommandLineOrder_BA()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TieBuild>("B", "A");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["B", "A"], r.Planned);
        Assert.Equal(["B", "A"], r.Build!.Executed);
    }

    [Theory]
    [InlineData("C")]
    [InlineData("D")]
    public void Case20_UnrelatedDependencies_RunInDeclarationOrder(string invoked)
    {
        // C.DependsOn(A, B) and D.DependsOn(B, A): A is declared first, so A runs first either way.
        using var runner = new BuildRunner();

        var r = runner.Run<TieBuild>(invoked);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["A", "B", invoked], r.Planned);
        Assert.Equal(["A", "B", invoked], r.Build!.Executed);
    }

    [Theory]
    [InlineData(new[] { "A", "B" }, new[] { "A", "B" })]
    [InlineData(new[] { "B", "A" }, new[] { "B", "A" })]
    [InlineData(new[] { "C" }, new[] { "A", "B", "C" })]
    public void Case20_PlanShowsTheSameOrderAsTheRun(string[] invoked, string[] expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TieBuild>([.. invoked, "--plan"]);

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Executed);
        var planned = r.Output.Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 3 && char.IsDigit(l[0]) && l.Contains(". ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(". ", StringComparison.Ordinal) + 2)..].Split(' ')[0])
            .ToList();
        Assert.Equal(expected, planned);
    }

    [DefaultTarget("Test")]
    sealed class CyclicBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.DependsOn(Test).Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Clean => _ => _.Before(Restore).Executes(() => Executed.Add(nameof(Clean)));
    }

    sealed class CollectiveBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Compile)));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
        Target Pack => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Pack)));
        Target All => _ => _.DependsOn(Test, Pack);
    }

    sealed class TieBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target A => _ => _.Executes(() => Executed.Add(nameof(A)));
        Target B => _ => _.Executes(() => Executed.Add(nameof(B)));
        Target C => _ => _.DependsOn(A, B).Executes(() => Executed.Add(nameof(C)));
        Target D => _ => _.DependsOn(B, A).Executes(() => Executed.Add(nameof(D)));
    }

    sealed class DeployBuild : NukeBuild
    {
        public List<string> Executed { get; } = [];

        Target DeployStaging => _ => _.Executes(() => Executed.Add(nameof(DeployStaging)));
        Target DeployProd => _ => _.Executes(() => Executed.Add(nameof(DeployProd)));
    }
}
