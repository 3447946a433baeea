using System.Diagnostics;
using Delivery.Execution;
using Serilog;

namespace Delivery.Backup;

/// <summary>Waiting on a container that restores from the repository and then runs the copy.</summary>
static class RestoredCopy
{
    /// <summary>Polls until the copy is out of recovery; a copy that stopped (a failed restore or replay) fails at once.</summary>
    public static void WaitPromoted(DatabaseBackupPlanner planner, IStepRunner runner, string name)
    {
        var deadline = Deadline.After(planner.Settings.RestoreTimeout);
        var progress = Stopwatch.StartNew();
        while (!runner.Probe(planner.ScratchPromoted(name)).Succeeded)
        {
            var state = runner.Probe(planner.ScratchAlive(name)).Output.Trim();
            if (state != "running")
                throw new InvalidOperationException($"the copy is {(state.Length == 0 ? "gone" : state)} before it was promoted");
            if (deadline.Passed)
                throw new InvalidOperationException($"the copy was not promoted within {planner.Settings.RestoreTimeout.TotalMinutes:0} min (RestoreTimeout)");
            if (progress.Elapsed > TimeSpan.FromSeconds(15))
            {
                Log.Information("Still restoring and replaying WAL into {Name} ...", name);
                progress.Restart();
            }
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }
    }

    public static string Logs(IStepRunner runner, string name) => runner.Probe(Step.Run("logs", "docker", "logs", "--tail", "20", name)).Output;
}
