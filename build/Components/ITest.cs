using BuildEngine;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Docker;
using Delivery.Images;
using BuildEngine.Tools.DotNet;
using Serilog;
using static BuildEngine.Tools.DotNet.DotNetTasks;

interface ITest : ICompile, IEnsureDockerPlugins
{
    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";
    IReadOnlyList<AbsolutePath> TestProjects => (RootDirectory / "tests").GlobFiles("*/*.Tests.csproj");

    Target Test => _ => _
        .Description("Runs every test project and prints one summary; TRX results go to artifacts/test-results")
        // Integration tests and the services' own test stages use the real engine and the base image; deploy tests, compose.
        .DependsOn(Compile, BootstrapImages, EnsureDockerPlugins)
        .Produces("artifacts/test-results/*.trx")
        .Executes(() =>
        {
            TestResultsDirectory.CreateOrCleanDirectory();
            var runs = TestProjects.Select(RunTestProject)
                .Concat(ImageDefinition.Discover(RootDirectory).Where(ImageTestStage.Has).Select(RunImageTestStage))
                .ToList();
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

    /// <summary>Builds the image's test stage (which runs the service's own suite) and reads its JUnit results.</summary>
    TestRunSummary RunImageTestStage(ImageDefinition image)
    {
        using var client = DockerClients.Create();
        var version = new ImageVersion("test-stage", "test-stage", "test-stage", "local", DateTimeOffset.UnixEpoch);
        var results = TestResultsDirectory / $"{image.Name}.junit.xml";
        try
        {
            var stage = new ImageBuilder(client).BuildAsync(image, version, BuildCertificates.ContextFiles(), target: ImageTestStage.Stage).GetAwaiter().GetResult();
            ImageTestStage.ExtractResultsAsync(client, stage.Tags[0], results).GetAwaiter().GetResult();
        }
        catch (ImageBuildException e)
        {
            return new TestRunSummary($"{image.Name} (image)", 0, 0, 0, TimeSpan.Zero, e.Message.Split('\n')[0]);
        }
        return TestRunSummary.FromJUnit($"{image.Name} (image)", results);
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
