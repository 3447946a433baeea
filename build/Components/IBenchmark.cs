using BuildEngine;
using Delivery.Benchmarks;
using Serilog;

interface IBenchmark : IDockerBuild
{
    [Parameter("Benchmark suites to run (default: all): startup, images")]
    BenchmarkSuite[] Suite => TryGetValue(() => Suite) ?? Enum.GetValues<BenchmarkSuite>();

    [Parameter("How many timed runs per command (default 7)")]
    int BenchmarkRuns => TryGetValue<int>(() => BenchmarkRuns) ?? 7;

    Target Benchmark => _ => _
        .Description("Measures speed and size targets; --suite picks the suites")
        .DependsOn(BootstrapImages)
        .Executes(async () =>
        {
            if (Suite.Contains(BenchmarkSuite.Startup))
                RunStartupBenchmark();
            if (Suite.Contains(BenchmarkSuite.Images))
                await RunImageBenchmarkAsync();
        });

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
}
