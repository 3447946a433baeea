using Serilog;

namespace Delivery.Audit;

/// <summary>A dry run's ledger: the real records are read (a dead deploy, the last release), nothing is written or sent.</summary>
public sealed class DryRunAuditor(IDeployAuditor inner) : IDeployAuditor
{
    public Task<AuditEvent> RecordAsync(AuditEvent record, CancellationToken cancellation = default)
    {
        Log.Information("(dry run) would record {Action}{Phase}", record.Action, record.Phase is { } phase ? $" ({phase})" : "");
        return Task.FromResult(record);
    }

    public IReadOnlyList<AuditEvent> Recent(int count) => inner.Recent(count);
}
