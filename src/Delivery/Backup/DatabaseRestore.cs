using System.Diagnostics;
using Delivery.Execution;
using Serilog;

namespace Delivery.Backup;

/// <summary>What a restore did: where the restored data came from, how long users waited, where the old data is kept.</summary>
public sealed record RestoreReport(RestoreTarget Target, IReadOnlyList<TableCount> Census, string KeptVolume, TimeSpan RestoreTime, TimeSpan Downtime);

/// <summary>
/// Puts a backup in place of an environment's live database. The restore happens beside the live one (a new volume,
/// promoted and shut down cleanly) while it keeps serving; only then is the live database stopped, its data copied
/// aside (never deleted), the restored data copied in, and the database started and checked. If the restored
/// database does not come up, the previous data is put back and started: a failed restore leaves the previous
/// database serving.
/// </summary>
public sealed class DatabaseRestore(DatabaseBackupPlanner planner, IStepRunner runner)
{
    readonly DatabaseBackupSettings _settings = planner.Settings;

    /// <summary>Switches the environment's edge to maintenance and back around the swap (none in tests).</summary>
    public Func<bool, Task>? Maintenance { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public async Task<RestoreReport> RestoreAsync(RestoreTarget target)
    {
        var data = runner.Probe(planner.DataVolume()) is { Succeeded: true } answer && answer.Output.Trim() is { Length: > 0 } volume
            ? volume
            : throw new BackupException($"Cannot find the data volume of {_settings.Container}: is it there? (docker inspect {_settings.Container})");
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var (restored, kept, copy) = ($"{data}-restore-{stamp}", $"{data}-before-restore-{stamp}", $"{_settings.Container}-restore-{stamp}");

        var stopwatch = Stopwatch.StartNew();
        Restore(target, copy, restored);
        var restoreTime = stopwatch.Elapsed;

        if (Maintenance is not null)
            await Maintenance(true);
        var downtime = Stopwatch.StartNew();
        try
        {
            var census = Swap(data, restored, kept);
            Log.Information("Restored {Target} into {Container} in {Restore:0.0} s; the database was down {Down:0.0} s; the previous data is kept in {Kept}",
                target, _settings.Container, restoreTime.TotalSeconds, downtime.Elapsed.TotalSeconds, kept);
            return new RestoreReport(target, census, kept, restoreTime, downtime.Elapsed);
        }
        finally
        {
            if (Maintenance is not null)
                await Maintenance(false);
            runner.TryRun(planner.RemoveVolume(restored));
        }
    }

    /// <summary>Restores into a new volume with the live database untouched; any failure removes the volume again.</summary>
    void Restore(RestoreTarget target, string copy, string volume)
    {
        runner.Run(planner.CreateVolume(volume));
        try
        {
            runner.Run(planner.StartRestoreInto(copy, volume, target.Options()));
            RestoredCopy.WaitPromoted(planner, runner, copy);
            Census(copy, "the restored copy");
            runner.Run(planner.StopScratch(copy));
        }
        catch (Exception e)
        {
            var logs = RestoredCopy.Logs(runner, copy);
            runner.TryRun(planner.RemoveScratch(copy));
            runner.TryRun(planner.RemoveVolume(volume));
            throw new BackupException($"Restoring {target} failed before the live database was touched: {e.Message}. Its last log lines:\n{logs}");
        }
        runner.TryRun(planner.RemoveScratch(copy));
    }

    IReadOnlyList<TableCount> Swap(string data, string restored, string kept)
    {
        runner.Run(planner.StopLive());
        var replaced = false;
        try
        {
            runner.Run(planner.CreateVolume(kept));
            runner.Run(planner.CopyData(data, kept, replace: false, $"Keep the previous data in {kept}"));
            replaced = true;
            runner.Run(planner.CopyData(restored, data, replace: true, "Put the restored data in place"));
            runner.Run(planner.MarkTimelineHistoryForArchiving(data));
            runner.Run(planner.StartLive());
            WaitLive();
            return Census(_settings.Container, "the restored live database");
        }
        catch (Exception e)
        {
            Log.Error("The restore could not be put in place ({Reason}); bringing the previous database back", e.Message);
            if (replaced)
                runner.Run(planner.CopyData(kept, data, replace: true, "Put the previous data back"));
            runner.TryRun(planner.StopLive());
            runner.Run(planner.StartLive());
            WaitLive();
            throw new BackupException($"The restored database did not come up ({e.Message}). The previous database is back and serving; " +
                $"its data is also kept in {kept}.");
        }
    }

    void WaitLive()
    {
        var deadline = Deadline.After(StartTimeout);
        while (!runner.Probe(planner.LiveReady()).Succeeded)
        {
            if (deadline.Passed)
                throw new InvalidOperationException($"{_settings.Container} did not accept connections within {StartTimeout.TotalSeconds:0} s");
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }
    }

    IReadOnlyList<TableCount> Census(string container, string what)
    {
        var answer = runner.Probe(planner.CensusIn(container));
        var counts = TableCensus.Parse(answer.Output);
        var missing = _settings.CriticalTables.Except(counts.Select(c => c.Table)).ToList();
        return answer.Succeeded && missing.Count == 0
            ? counts
            : throw new InvalidOperationException($"{what} does not answer for {string.Join(", ", missing.DefaultIfEmpty("its tables"))} (exit {answer.ExitCode})");
    }
}
