namespace Delivery.Audit;

/// <summary>Tells people about a ledger record. Best effort: <see cref="NotifyingAuditor"/> logs a failure and carries on.</summary>
public interface IDeployNotifier
{
    /// <summary>For logs: the kind and the host only, never a URL path or credential ("webhook to hooks.slack.com").</summary>
    string Name { get; }

    Task NotifyAsync(AuditEvent record, CancellationToken cancellation);
}

/// <summary>A notification that did not go out; the message is safe to log (no URL path, no credential).</summary>
public sealed class DeployNotificationException(string message) : Exception(message);

/// <summary>The one line every notifier sends: no secrets (the record has none), enough to act on and to cross-check the ledger.</summary>
public static class NotificationText
{
    public static string For(AuditEvent record)
    {
        var text = $"[{record.Environment}] {Describe(record)}";
        if (ShortDigest(record.Digest) is { } digest)
            text += $" {digest}";
        if (record.Action is AuditAction.Succeeded or AuditAction.RolledBack && ShortDigest(record.PreviousDigest) is { } previous)
            text += $" (was {previous})";
        text += $" by {record.Actor}";
        if (record.Result is { } result)
            text += $", result: {result}";
        if (record.FailureReason is { } reason)
            text += $", reason: {reason}";
        // The sequence and short hash put a copy of the chain head outside the ledger host: a truncated or rewritten
        // ledger disagrees with the channel history.
        return text + $"; deploy {record.DeployId}, ledger #{record.Sequence} {ShortHash(record.Hash)}";
    }

    static string Describe(AuditEvent record) => record.Action switch
    {
        AuditAction.Phase => $"phase {record.Phase}",
        AuditAction.Switched => $"switched to {record.Colour ?? "the new colour"}",
        AuditAction.RolledBack => "rolled back",
        AuditAction.LockBroken => "deploy lock broken",
        AuditAction.MaintenanceOn => "maintenance mode on",
        AuditAction.MaintenanceOff => "maintenance mode off",
        AuditAction.Backup => $"backup {record.Phase}",
        AuditAction.Restore => $"database restored {record.Phase}",
        AuditAction.RestoreDrill => $"restore drill of {record.Phase}",
        AuditAction.Interrupted => $"deploy interrupted after {record.Phase ?? "its start"}",
        var action => action.ToString().ToLowerInvariant(),
    };

    /// <summary><c>sha256:0123456789ab</c>: 12 hex digits, as <c>docker images</c> shows.</summary>
    public static string? ShortDigest(string? digest) =>
        digest is null ? null : digest.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && digest.Length >= colon + 13 ? digest[..(colon + 13)] : digest;

    static string ShortHash(string? hash) => hash is null ? "" : hash.StartsWith("sha256:", StringComparison.Ordinal) && hash.Length >= 19 ? hash[7..19] : hash;
}
