using System.Diagnostics;
using System.Globalization;
using System.Text;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Benchmarks;

/// <summary>What the startup benchmark compares and how often.</summary>
public sealed record StartupBenchmarkSettings(AbsolutePath Root, int Runs = 7)
{
    public IReadOnlyList<string> WarmStart { get; init; } = ["./build.sh", "--help", "--no-logo"];
    public IReadOnlyList<string> DotNetRun { get; init; } = ["dotnet", "run", "--project", "build/_build.csproj", "--", "--help", "--no-logo"];

    /// <summary>The goal: a warm start costs at most this share of <c>dotnet run</c>.</summary>
    public double GoalRatio { get; init; } = 1.0 / 8;
}

/// <summary>
/// Times a warm <c>./build.sh --help</c> against <c>dotnet run --project build/_build.csproj -- --help</c> in the same run,
/// alternating the two so that machine noise falls on both.
/// </summary>
public sealed class StartupBenchmark(StartupBenchmarkSettings settings)
{
    public StartupBenchmarkResult Run(Action<string>? progress = null)
    {
        if (settings.Runs < 1)
            throw new ArgumentException($"Runs must be at least 1, not {settings.Runs}.", nameof(settings));
        // One untimed run of each warms the stamp, the file cache and MSBuild's incremental state.
        Time(settings.WarmStart);
        Time(settings.DotNetRun);
        var warm = new List<TimeSpan>();
        var dotnetRun = new List<TimeSpan>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            warm.Add(Time(settings.WarmStart));
            dotnetRun.Add(Time(settings.DotNetRun));
            progress?.Invoke($"run {run}/{settings.Runs}: warm start {CommandTiming.Milliseconds(warm[^1])}, dotnet run {CommandTiming.Milliseconds(dotnetRun[^1])}");
        }
        return new StartupBenchmarkResult(
            new CommandTiming("warm ./build.sh --help", string.Join(' ', settings.WarmStart), warm),
            new CommandTiming("dotnet run -- --help", string.Join(' ', settings.DotNetRun), dotnetRun),
            settings.GoalRatio);
    }

    TimeSpan Time(IReadOnlyList<string> command)
    {
        var stopwatch = Stopwatch.StartNew();
        ProcessTasks.StartProcess(command[0], command.Skip(1), new ProcessOptions
        {
            WorkingDirectory = settings.Root,
            LogOutput = false,
            LogInvocation = false,
        });
        return stopwatch.Elapsed;
    }
}

public sealed record StartupBenchmarkResult(CommandTiming WarmStart, CommandTiming DotNetRun, double GoalRatio)
{
    public double Ratio => WarmStart.Median / DotNetRun.Median;
    public bool MeetsGoal => Ratio <= GoalRatio;

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine($"{"Command",-26}{"Median",10}{"Min",10}{"Max",10}{"Runs",6}");
        foreach (var timing in new[] { WarmStart, DotNetRun })
            text.AppendLine($"{timing.Label,-26}{CommandTiming.Milliseconds(timing.Median),10}{CommandTiming.Milliseconds(timing.Minimum),10}{CommandTiming.Milliseconds(timing.Maximum),10}{timing.Samples.Count,6}");
        text.Append(CultureInfo.InvariantCulture, $"Ratio warm/dotnet run: {Ratio:0.000} (1/{1 / Ratio:0.0}); goal at most 1/{1 / GoalRatio:0}: {(MeetsGoal ? "met" : "NOT met")}");
        return text.ToString();
    }
}
