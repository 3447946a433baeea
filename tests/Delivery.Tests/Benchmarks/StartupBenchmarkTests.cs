using BuildEngine.IO;
using Delivery.Benchmarks;

namespace Delivery.Tests.Benchmarks;

public sealed class StartupBenchmarkTests
{
    static CommandTiming Timing(params int[] milliseconds) =>
        new("x", "x", milliseconds.Select(m => TimeSpan.FromMilliseconds(m)).ToList());

    [Fact]
    public void Median_of_an_odd_count_is_the_middle_sample()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(150), Timing(900, 150, 120).Median);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(125), Timing(100, 150, 120, 130).Median);
    }

    [Fact]
    public void The_result_compares_medians_and_reports_whether_the_goal_is_met()
    {
        var met = new StartupBenchmarkResult(Timing(150, 160, 140), Timing(2000, 2100, 1900), 1.0 / 8);
        var missed = new StartupBenchmarkResult(Timing(500, 500, 500), Timing(2000, 2000, 2000), 1.0 / 8);

        Assert.Equal(0.075, met.Ratio, 3);
        Assert.True(met.MeetsGoal);
        Assert.Contains("Ratio warm/dotnet run: 0.075 (1/13.3); goal at most 1/8: met", met.Render());
        Assert.False(missed.MeetsGoal);
        Assert.Contains("NOT met", missed.Render());
    }

    [Fact]
    public void A_real_command_is_timed_once_per_run_plus_a_warm_up()
    {
        var root = Directory.CreateTempSubdirectory("bench-");
        try
        {
            var counter = Path.Combine(root.FullName, "count");
            var settings = new StartupBenchmarkSettings(AbsolutePath.Create(root.FullName), Runs: 3)
            {
                WarmStart = ["/bin/sh", "-c", $"echo w >> {counter}"],
                DotNetRun = ["/bin/sh", "-c", "sleep 0.05"],
            };

            var result = new StartupBenchmark(settings).Run();

            Assert.Equal(3, result.WarmStart.Samples.Count);
            Assert.Equal(4, File.ReadAllLines(counter).Length);
            Assert.True(result.DotNetRun.Median >= TimeSpan.FromMilliseconds(50));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
