using System.Diagnostics;
using Delivery.Audit;
using Serilog;

namespace Delivery.Backup;

/// <summary>Backups, restores and drills in the release ledger: one record when each ends, failed or not.</summary>
public sealed class AuditedOperation(IDeployAuditor auditor, string environment, string actor)
{
    /// <summary>Runs <paramref name="operation"/> and records its result (a failure too, then rethrows it).</summary>
    public async Task<T> RunAsync<T>(AuditAction action, string what, Func<Task<T>> operation, Func<T, string> describe)
    {
        var started = Stopwatch.GetTimestamp();
        AuditEvent Record(string result, string phase, string? reason) => new()
        {
            DeployId = DeployId.New(), Time = DateTimeOffset.UtcNow, Environment = environment, Action = action, Actor = actor,
            Phase = phase, Result = result, FailureReason = reason, DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        T outcome;
        try
        {
            outcome = await operation();
        }
        catch (Exception e)
        {
            try
            {
                await auditor.RecordAsync(Record("failed", what, e.Message.Length > 300 ? e.Message[..300] : e.Message));
            }
            catch (Exception ledger)
            {
                // The operation's failure is the one to report; a ledger that cannot write must not mask it.
                Log.Error("Could not record the failure in the ledger: {Message}", ledger.Message);
            }
            throw;
        }
        await auditor.RecordAsync(Record("succeeded", describe(outcome), null));
        return outcome;
    }
}
