using BuildEngine;
using Delivery.Benchmarks;
using Serilog;

interface IBenchmark : INukeBuild
{
    [Parameter("Benchmark suites to run (default: all): startup")]
    BenchmarkSuite[] Suite => TryGetValue(() => Suite) ?? Enum.GetValues<BenchmarkSuite>();

    [Parameter("How many timed runs per command (default 7)")]
    int BenchmarkRuns => TryGetValue<int>(() => BenchmarkRuns) ?? 7;

    Target Benchmark => _ => _
        .Description("Measures speed and size targets; --suite picks the suites")
        .Executes(() =>
        {
            if (Suite.Contains(BenchmarkSuite.Startup))
                RunStartupBenchmark();
        });

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
}
