using BuildEngine;
using BuildEngine.IO;
using BuildEngine.Tooling;
using BuildEngine.Tools.DotNet;
using Serilog;
using static BuildEngine.Tools.DotNet.DotNetTasks;

interface ITest : ICompile, IHazArtifacts, IEnsureDocker
{
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";
    IReadOnlyList<AbsolutePath> TestProjects => (RootDirectory / "tests").GlobFiles("*/*.Tests.csproj");

    Target Test => _ => _
        .Description("Runs every test project and prints one summary; TRX results go to artifacts/test-results")
        // Integration tests use the real engine, so a fresh machine gets one first.
        .DependsOn(Compile, EnsureDocker)
        .Produces("artifacts/test-results/*.trx")
        .Executes(() =>
        {
            TestResultsDirectory.CreateOrCleanDirectory();
            var runs = TestProjects.Select(RunTestProject).ToList();
            var total = TestRunSummary.Total(runs);
            Log.Information("Test results:{NewLine}{Table}", Environment.NewLine, TestRunSummary.RenderTable(runs));
            ReportSummary(_ => _.AddPair("Passed", total.Passed).AddPair("Failed", total.Failed).AddPair("Skipped", total.Skipped));
            ReportResultLine(total.ResultLine);
            var failing = runs.Where(r => !r.Succeeded).Select(r => r.Name).ToList();
            if (failing.Count > 0)
                throw new InvalidOperationException($"Tests failed in {string.Join(", ", failing)}: {total.ResultLine}. Results: {RootDirectory.GetUnixRelativePathTo(TestResultsDirectory)}");
        });

    TestRunSummary RunTestProject(AbsolutePath project)
    {
        var name = project.NameWithoutExtension;
        DotNetTest(_ => _
            .Apply(TestSettingsBase)
            .SetProjectFile(project)
            .AddLoggers($"trx;LogFileName={name}.trx")
            .Apply(TestSettings));
        return TestRunSummary.FromTrx(name, TestResultsDirectory / $"{name}.trx");
    }

    sealed Configure<DotNetTestSettings> TestSettingsBase => _ => _
        .SetConfiguration(Configuration.ToString())
        .EnableNoBuild()
        .SetResultsDirectory(TestResultsDirectory)
        // A failing project must not hide the others: the exit code is read from the TRX results instead.
        .DisableProcessAssertZeroExitCode()
        .When(IsServerBuild, _ => _.EnableDisableBuildServers());

    Configure<DotNetTestSettings> TestSettings => _ => _;
}
