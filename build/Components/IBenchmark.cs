using BuildEngine;
using Delivery.Benchmarks;
using Serilog;

interface IBenchmark : IBenchmarkDeploys
{
    [Parameter("Benchmark suites to run: startup, images, deploy, backup (default: startup and images; deploy takes about a minute per deploy, backup about 10 min)")]
    BenchmarkSuite[] Suite => TryGetValue(() => Suite) ?? [BenchmarkSuite.Startup, BenchmarkSuite.Images];

    [Parameter("How many timed runs per command (default 7)")]
    int BenchmarkRuns => TryGetValue<int>(() => BenchmarkRuns) ?? 7;

    Target Benchmark => _ => _
        .Description("Measures speed, size and zero-downtime targets; --suite picks the suites")
        .DependsOn(BootstrapImages, DockerBuild)
        .Executes(async () =>
        {
            if (Suite.Contains(BenchmarkSuite.Startup))
                RunStartupBenchmark();
            if (Suite.Contains(BenchmarkSuite.Images))
                await RunImageBenchmarkAsync();
            if (Suite.Contains(BenchmarkSuite.Deploy))
                await RunDeployBenchmarkAsync();
            if (Suite.Contains(BenchmarkSuite.Backup))
                RunBackupBenchmark();
        });

    [Parameter("Backup suite: size of the generated database in MB (default 1000)")]
    int BenchmarkDatabaseMb => TryGetValue<int>(() => BenchmarkDatabaseMb) ?? 1000;

    void RunBackupBenchmark()
    {
        var image = ImageVersion.Tags(Images.Single(i => i.Name == "postgres"))[0];
        using var database = new BackupBenchmarkDatabase(TemporaryDirectory / "backup-benchmark", image);
        var result = new BackupBenchmark(database, new BackupBenchmarkSettings { DatabaseBytes = BenchmarkDatabaseMb * 1_000_000L })
            .Run(line => Log.Information("{Progress}", line));
        Log.Information("Backup benchmark:{NewLine}{Table}", Environment.NewLine, result.Render());
        ReportSummary(_ => _
            .AddPair("Full backup", $"{result.Full.Elapsed.TotalSeconds:0.0} s").AddPair("Drill", $"{result.DrillTime.TotalSeconds:0.0} s")
            .AddPair("RPO", result.Rpo.DataLost is { } lost ? $"{lost.TotalSeconds:0.0} s" : "nothing recovered")
            .AddPair("Verdict", result.Passed ? "met" : "missed"));
    }

    async Task RunImageBenchmarkAsync()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null)
            throw new InvalidOperationException("The images suite needs a Docker engine: run it as ./build.sh Benchmark --suite images, which starts one first.");
        using var client = Delivery.Docker.DockerClients.Create();
        var result = await new ImageBenchmark(client, Images, TemporaryDirectory / "benchmark").RunAsync(line => Log.Information("{Progress}", line));
        Log.Information("Image benchmark:{NewLine}{Table}", Environment.NewLine, result.Render());
        ReportSummary(_ => _.AddPair("Cold build", $"{result.ColdTotal.TotalSeconds:0} s").AddPair("api one-line rebuild", $"{result.OneLineApiRebuild.TotalSeconds:0.0} s"));
    }

    void RunStartupBenchmark()
    {
        Log.Information("Startup: warm ./build.sh --help against dotnet run, {Runs} runs each", BenchmarkRuns);
        var result = new StartupBenchmark(new StartupBenchmarkSettings(RootDirectory, BenchmarkRuns)).Run(line => Log.Information("{Progress}", line));
        Log.Information("Startup benchmark:{NewLine}{Table}", Environment.NewLine, result.Render());
        ReportSummary(_ => _
            .AddPair("Warm start", CommandTiming.Milliseconds(result.WarmStart.Median))
            .AddPair("dotnet run", CommandTiming.Milliseconds(result.DotNetRun.Median))
            .AddPair("Ratio", $"1/{1 / result.Ratio:0.0}"));
    }
}

enum BenchmarkSuite
{
    Startup,
    Images,
    Deploy,
    Backup,
}
