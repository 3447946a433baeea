using Delivery.Audit;
using Delivery.Execution;

namespace Delivery.Deployment;

/// <summary>
/// Maintenance on or off for an environment's edge, under the lock and audited first: every route answers 503 with
/// Retry-After except health and ACME. A configuration nginx rejects is taken back out before anything reloads.
/// </summary>
public sealed class MaintenanceMode(DeploymentPlanner planner, IStepRunner runner, IDeployAuditor auditor, IReleaseProbe probe)
{
    static readonly TimeSpan Verification = TimeSpan.FromSeconds(10);

    public async Task SwitchAsync(bool on, string actor, CancellationToken cancellation = default)
    {
        var id = DeployId.New();
        await new EnvironmentLock(planner, runner, auditor).TakeAsync(actor, id, TimeSpan.FromMinutes(5), cancellation);
        try
        {
            await SwitchHoldingLockAsync(on, actor, id, cancellation);
        }
        finally
        {
            runner.Run(planner.Unlock());
        }
    }

    /// <summary>For an operation that already holds the environment's lock (a restore) and switches maintenance within it.</summary>
    public async Task SwitchHoldingLockAsync(bool on, string actor, string operationId, CancellationToken cancellation = default)
    {
        await auditor.RecordAsync(new AuditEvent
        {
            DeployId = operationId, Time = DateTimeOffset.UtcNow, Environment = planner.Topology.Environment, Actor = actor,
            Action = on ? AuditAction.MaintenanceOn : AuditAction.MaintenanceOff,
        }, cancellation);
        try
        {
            runner.Run(planner.Maintenance(on));
            await VerifyAsync(on, cancellation);
            // Open WebSockets close with 1012 now rather than at worker_shutdown_timeout; their reconnects get the 503.
            if (on)
                new WebSocketRehoming(planner, runner).Rehome(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (on)
        {
            runner.Run(planner.Maintenance(false));
            // The ledger said "on" before acting; it must not go on saying so.
            await auditor.RecordAsync(new AuditEvent
            {
                DeployId = operationId, Time = DateTimeOffset.UtcNow, Environment = planner.Topology.Environment, Actor = actor,
                Action = AuditAction.MaintenanceOff, Result = "failed",
                FailureReason = "maintenance on failed and was taken back out: " + (e.Message.Length > 300 ? e.Message[..300] : e.Message),
            }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>A reload returns before old workers stop accepting: wait until the public server answers as asked.</summary>
    async Task VerifyAsync(bool on, CancellationToken cancellation)
    {
        var deadline = Deadline.After(Verification);
        while ((await probe.LiveVersionAsync(cancellation) is null) != on)
        {
            if (deadline.Passed)
                throw new DeploymentException($"After the reload the public server still {(on ? "serves the api" : "answers 503")} after {Verification.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }
    }
}
