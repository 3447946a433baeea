using Serilog;

namespace Delivery.Audit;

/// <summary>Records deploy events. Every mutation calls it before acting; if it throws, the mutation must not happen.</summary>
public interface IDeployAuditor
{
    /// <summary>Appends <paramref name="record"/> to the ledger and returns it sealed (sequence, hashes).</summary>
    Task<AuditEvent> RecordAsync(AuditEvent record, CancellationToken cancellation = default);

    /// <summary>The newest <paramref name="count"/> records, oldest first: a deploy's reconcile reads how the last one ended.</summary>
    IReadOnlyList<AuditEvent> Recent(int count);
}

/// <summary>
/// The ledger first, then the notifiers — Serilog's <c>AuditTo</c> versus <c>WriteTo</c> + <c>SelfLog</c>: a ledger
/// failure propagates (no record, no mutation); a notifier failure is logged as a warning and never fails the deploy.
/// Phase records are not sent by default: they are progress, not news.
/// </summary>
public sealed class NotifyingAuditor(ReleaseLedger ledger, IReadOnlyList<IDeployNotifier> notifiers) : IDeployAuditor
{
    public Func<AuditEvent, bool> ShouldNotify { get; init; } = record => record.Action != AuditAction.Phase;

    /// <summary>Per notifier, so a hanging relay cannot stall a deploy for longer than this.</summary>
    public TimeSpan NotifyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<AuditEvent> Recent(int count) => ledger.Last(count);

    public async Task<AuditEvent> RecordAsync(AuditEvent record, CancellationToken cancellation = default)
    {
        var sealedRecord = ledger.Append(record);
        if (ShouldNotify(sealedRecord))
            foreach (var notifier in notifiers)
                await NotifyAsync(notifier, sealedRecord, cancellation);
        return sealedRecord;
    }

    async Task NotifyAsync(IDeployNotifier notifier, AuditEvent record, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(NotifyTimeout);
        try
        {
            await notifier.NotifyAsync(record, timeout.Token);
        }
        catch (Exception e)
        {
            // Only the message: an exception's stack or inner exceptions may carry a webhook URL.
            var reason = e is OperationCanceledException && !cancellation.IsCancellationRequested ? $"no answer within {NotifyTimeout.TotalSeconds:0} s" : e.Message;
            Log.Warning("Notification by {Notifier} of {Environment} {Action} (ledger #{Sequence}) failed: {Reason}. The deploy goes on; the ledger has the record",
                notifier.Name, record.Environment, record.Action, record.Sequence, reason);
        }
    }
}
