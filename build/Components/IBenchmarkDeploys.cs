using BuildEngine;
using Delivery.Benchmarks;
using Delivery.Load;
using Serilog;

/// <summary>The deploy suite of Benchmark: its parameters and the run against its own compose project.</summary>
interface IBenchmarkDeploys : IDockerBuild
{
    [Parameter("Deploy suite: healthy deploys (default 20)")]
    int BenchmarkDeploys => TryGetValue<int>(() => BenchmarkDeploys) ?? 20;

    [Parameter("Deploy suite: releases that crash during the bake and must be rolled back automatically (default 5)")]
    int BenchmarkRollbacks => TryGetValue<int>(() => BenchmarkRollbacks) ?? 5;

    [Parameter("Deploy suite: open-loop requests per second through the public HTTPS port (default 200)")]
    int BenchmarkRate => TryGetValue<int>(() => BenchmarkRate) ?? 200;

    [Parameter("Deploy suite: WebSocket clients kept open (default 50)")]
    int BenchmarkWebsockets => TryGetValue<int>(() => BenchmarkWebsockets) ?? 50;

    [Parameter("Deploy suite: how the load connects: http2 (as the SPA's browsers do, default), keep-alive (HTTP/1.1 reuse, as scripts do), per-request")]
    LoadConnections BenchmarkConnections => TryGetValue<LoadConnections>(() => BenchmarkConnections) ?? LoadConnections.Http2;

    [Parameter("Deploy suite: no deploy starts after this many minutes (default 60)")]
    int BenchmarkMaxMinutes => TryGetValue<int>(() => BenchmarkMaxMinutes) ?? 60;

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
            Connections = BenchmarkConnections,
            MaxDuration = TimeSpan.FromMinutes(BenchmarkMaxMinutes),
        };
        var benchmark = new DeployBenchmark(environment, settings);
        var result = await benchmark.RunAsync(line => Log.Information("{Progress}", line));
        var file = TemporaryDirectory / "deploy-benchmark-timeline.txt";
        // The per-second timeline is where a failed request or a latency spike is placed against the deploys and the host's CPU.
        File.WriteAllText(file, benchmark.RenderTimeline() ?? "");
        Log.Information("Deploy benchmark ({Deploys} deploys, {Rollbacks} rollbacks, {Rate} req/s over {Connections}, {Sockets} WebSockets; timeline in {File}):{NewLine}{Table}",
            settings.Deploys, settings.Rollbacks, settings.Rate, DeployBenchmark.Describe(settings), settings.WebSockets, file, Environment.NewLine, result.Render());
        var verdict = result.Verdict();
        ReportSummary(_ => _
            .AddPair("Failed requests", verdict.Single(g => g.Goal == "Failed requests").Observed)
            .AddPair("p99 switch", verdict.Single(g => g.Goal.StartsWith("p99", StringComparison.Ordinal)).Observed)
            .AddPair("Verdict", result.Passed ? "met" : "missed"));
    }
}
