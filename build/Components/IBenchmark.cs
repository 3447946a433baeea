using BuildEngine;
using Delivery.Benchmarks;
using Serilog;

interface IBenchmark : IDockerBuild
{
    [Parameter("Benchmark suites to run: startup, images, deploy, backup (default: startup and images; deploy takes about a minute per deploy, backup about 10 min)")]
    BenchmarkSuite[] Suite => TryGetValue(() => Suite) ?? [BenchmarkSuite.Startup, BenchmarkSuite.Images];

    [Parameter("How many timed runs per command (default 7)")]
    int BenchmarkRuns => TryGetValue<int>(() => BenchmarkRuns) ?? 7;

    [Parameter("Deploy suite: healthy deploys (default 20)")]
    int BenchmarkDeploys => TryGetValue<int>(() => BenchmarkDeploys) ?? 20;

    [Parameter("Deploy suite: releases that crash during the bake and must be rolled back automatically (default 5)")]
    int BenchmarkRollbacks => TryGetValue<int>(() => BenchmarkRollbacks) ?? 5;

    [Parameter("Deploy suite: open-loop requests per second through the public HTTPS port (default 200)")]
    int BenchmarkRate => TryGetValue<int>(() => BenchmarkRate) ?? 200;

    [Parameter("Deploy suite: WebSocket clients kept open (default 50)")]
    int BenchmarkWebsockets => TryGetValue<int>(() => BenchmarkWebsockets) ?? 50;

    [Parameter("Deploy suite: no deploy starts after this many minutes (default 60)")]
    int BenchmarkMaxMinutes => TryGetValue<int>(() => BenchmarkMaxMinutes) ?? 60;

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

    /// <summary>
    /// Deploys to its own compose project (pazpaz-bench, compose/compose.bench.yaml) under load and reports the worst
    /// deploy against issue #6's goals; the project, its volumes, the secret and the certificate are removed in any case.
    /// </summary>
    async Task RunDeployBenchmarkAsync()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null)
            throw new InvalidOperationException("The deploy suite needs a Docker engine: run it as ./build.sh Benchmark --suite deploy, which starts one first.");
        using var client = Delivery.Docker.DockerClients.Create();
        await using var environment = new DeployBenchmarkEnvironment(RootDirectory, TemporaryDirectory / "deploy-benchmark", client, Images);
        await environment.StartAsync(line => Log.Information("{Progress}", line));
        var settings = new DeployBenchmarkSettings
        {
            Deploys = BenchmarkDeploys,
            Rollbacks = BenchmarkRollbacks,
            Rate = BenchmarkRate,
            WebSockets = BenchmarkWebsockets,
            MaxDuration = TimeSpan.FromMinutes(BenchmarkMaxMinutes),
        };
        var benchmark = new DeployBenchmark(environment, settings);
        var result = await benchmark.RunAsync(line => Log.Information("{Progress}", line));
        var file = TemporaryDirectory / "deploy-benchmark-timeline.txt";
        // The per-second timeline is where a failed request or a latency spike is placed against the deploys.
        File.WriteAllText(file, benchmark.Timeline?.RenderTimeline() ?? "");
        Log.Information("Deploy benchmark ({Deploys} deploys, {Rollbacks} rollbacks, {Rate} req/s, {Sockets} WebSockets; timeline in {File}):{NewLine}{Table}",
            settings.Deploys, settings.Rollbacks, settings.Rate, settings.WebSockets, file, Environment.NewLine, result.Render());
        var verdict = result.Verdict();
        ReportSummary(_ => _
            .AddPair("Failed requests", verdict.Single(g => g.Goal == "Failed requests").Observed)
            .AddPair("p99 switch", verdict.Single(g => g.Goal.StartsWith("p99", StringComparison.Ordinal)).Observed)
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
