using Delivery.Audit;

namespace Delivery.Deployment;

/// <summary>
/// A deploy the ledger saw start but never end: its process was killed (a cancelled CI runner, a lost host) after
/// <see cref="LastStep"/>. The next deploy, holding the lock, closes it with an <see cref="AuditAction.Interrupted"/>
/// record saying what it found and did, so every deploy in the ledger has an ending.
/// </summary>
/// <param name="SwitchingTo">The colour it was moving public traffic to, once it reached its switch: whether the switch
/// happened is then read from the live include, since a kill can fall between the include's write and the record.</param>
public sealed record InterruptedDeploy(string DeployId, string? Digest, string LastStep, string? SwitchingTo)
{
    static readonly AuditAction[] Endings = [AuditAction.Succeeded, AuditAction.Failed, AuditAction.RolledBack, AuditAction.Interrupted];

    /// <summary>
    /// The latest deploy or rollback before <paramref name="current"/>, when it has no ending; older ones were closed by
    /// the reconciles after them.
    /// </summary>
    public static InterruptedDeploy? Find(IReadOnlyList<AuditEvent> records, string? current = null)
    {
        var started = records.LastOrDefault(r => r.Action == AuditAction.Started && r.DeployId != current);
        if (started is null)
            return null;
        var its = records.Where(r => r.DeployId == started.DeployId).ToList();
        if (its.Any(r => Endings.Contains(r.Action)))
            return null;
        var last = its[^1];
        var step = last.Action == AuditAction.Phase ? $"phase {last.Phase}" : JsonName(last.Action);
        var switching = its.LastOrDefault(r => r.Phase == "switch" && r.Action is AuditAction.Phase or AuditAction.Switched)?.Colour;
        return new InterruptedDeploy(started.DeployId, started.Digest, step, switching);
    }

    static string JsonName(AuditAction action) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());
}
