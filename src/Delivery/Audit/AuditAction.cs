namespace Delivery.Audit;

/// <summary>What happened. Written snake_case in the ledger (<c>rolled_back</c>, <c>lock_broken</c>).</summary>
public enum AuditAction
{
    Started,
    Phase,
    Switched,
    Succeeded,
    Failed,
    RolledBack,
    LockBroken,
    MaintenanceOn,
    MaintenanceOff,

    /// <summary>Closes a deploy that died without an ending (killed runner, lost host); written by the next deploy's reconcile.</summary>
    Interrupted,

    /// <summary>A database backup ended (<c>result</c> succeeded or failed; <c>phase</c> names the type and the set label).</summary>
    Backup,

    /// <summary>A restore replaced the live database, or failed to (<c>phase</c> names the target time or latest).</summary>
    Restore,

    /// <summary>A restore drill ended (<c>result</c> succeeded or failed; <c>phase</c> names the set it restored).</summary>
    RestoreDrill,
}
