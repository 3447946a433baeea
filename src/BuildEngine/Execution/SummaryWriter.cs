using System.Globalization;
using BuildEngine.Logging;
using Serilog;
using Serilog.Events;

namespace BuildEngine.Execution;

/// <summary>The end of every build: the errors-and-warnings recap, the summary table, and the outcome line.</summary>
static class SummaryWriter
{
    const int StatusWidth = 10;
    const int DurationWidth = 10;

    public static void Write(ILogger log, ExecutionPlan plan, IReadOnlyList<(LogEventLevel Level, string? Target, string Message)> problems)
    {
        WriteRecap(log, problems);

        var rows = plan.Targets.Where(t => t.Status != ExecutionStatus.Collective).ToList();
        var nameWidth = Math.Max(rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max() + 4, 19);
        var width = nameWidth + StatusWidth + DurationWidth;
        var raw = log.Raw();
        raw.Information("");
        raw.Information(new string('═', width));
        raw.Information("{Row}", $"{"Target".PadRight(nameWidth)}{"Status",-StatusWidth}{"Duration",DurationWidth}");
        raw.Information(new string('─', width));
        foreach (var target in rows)
        {
            var duration = target.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Aborted
                ? FormatDuration(target.Duration, precise: false)
                : "";
            var info = Info(target);
            var row = $"{target.Name.PadRight(nameWidth)}{target.Status,-StatusWidth}{duration,DurationWidth}{(info is null ? "" : "   // " + info)}";
            raw.Write(Level(target.Status), "{Row}", row);
        }
        raw.Information(new string('─', width));
        var total = TimeSpan.FromTicks(rows.Sum(r => r.Duration.Ticks));
        raw.Information("{Row}", $"{"Total".PadRight(nameWidth)}{"",-StatusWidth}{FormatDuration(total, precise: false),DurationWidth}");
        raw.Information(new string('═', width));
        raw.Information("");
    }

    public static void WriteOutcome(ILogger log, bool succeeded, TimeSpan elapsed)
    {
        var when = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (succeeded)
            log.Raw().Information("Build succeeded on {When} (wall time {Elapsed}).", when, FormatDuration(elapsed, precise: true));
        else
            log.Raw().Error("Build failed on {When} (wall time {Elapsed}).", when, FormatDuration(elapsed, precise: true));
    }

    public static string FormatDuration(TimeSpan duration, bool precise)
    {
        if (precise && duration < TimeSpan.FromMinutes(1))
            return duration.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);
        if (duration < TimeSpan.FromSeconds(1))
            return "< 1sec";
        return $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";
    }

    static string? Info(ExecutableTarget target)
    {
        if (target.Status == ExecutionStatus.Succeeded && target.Summary.Count > 0)
            return string.Join(", ", target.Summary.Select(p => $"{p.Key}: {p.Value}"));
        return target.SummaryInfo is null ? null : SecretMasker.Redact(target.SummaryInfo);
    }

    static void WriteRecap(ILogger log, IReadOnlyList<(LogEventLevel Level, string? Target, string Message)> problems)
    {
        if (problems.Count == 0)
            return;
        var raw = log.Raw();
        raw.Warning("");
        raw.Warning("Errors & Warnings:");
        foreach (var (level, target, message) in problems)
        {
            var line = $"[{(level >= LogEventLevel.Error ? "ERR" : "WRN")}] {(target is null ? "" : target + ": ")}{message.Split('\n')[0].TrimEnd('\r')}";
            raw.Write(level, "{Line}", line);
        }
    }

    static LogEventLevel Level(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Failed => LogEventLevel.Error,
        ExecutionStatus.NotRun or ExecutionStatus.Aborted => LogEventLevel.Warning,
        _ => LogEventLevel.Information,
    };
}
