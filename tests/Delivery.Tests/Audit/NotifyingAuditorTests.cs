using Delivery.Audit;
using Delivery.Tests.Support;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class NotifyingAuditorTests : IDisposable
{
    readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    sealed class RecordingNotifier(Exception? failure = null, TimeSpan? delay = null) : IDeployNotifier
    {
        public List<AuditEvent> Seen { get; } = [];
        public string Name => "recording";

        public async Task NotifyAsync(AuditEvent record, CancellationToken cancellation)
        {
            Seen.Add(record);
            if (delay is { } d)
                await Task.Delay(d, cancellation);
            if (failure is not null)
                throw failure;
        }
    }

    [Fact]
    public async Task A_failing_notifier_is_logged_and_the_others_still_run()
    {
        var ledger = new ReleaseLedger(_root.Path, "prod");
        var failing = new RecordingNotifier(new DeployNotificationException("relay down"));
        var hanging = new RecordingNotifier(delay: TimeSpan.FromMinutes(5));
        var working = new RecordingNotifier();
        var auditor = new NotifyingAuditor(ledger, [failing, hanging, working]) { NotifyTimeout = TimeSpan.FromMilliseconds(200) };

        var record = await auditor.RecordAsync(Event(AuditAction.Succeeded));

        Assert.Equal(1, record.Sequence);
        Assert.Equal(record.Hash, Assert.Single(ledger.Last(5)).Hash);
        Assert.Equal(record, Assert.Single(working.Seen));
        Assert.Single(failing.Seen);
        Assert.Single(hanging.Seen);
    }

    [Fact]
    public async Task A_webhook_answering_500_does_not_fail_the_record()
    {
        await using var receiver = new HttpReceiver(statusCode: 500);
        var ledger = new ReleaseLedger(_root.Path, "prod");
        var auditor = new NotifyingAuditor(ledger, [new WebhookNotifier(new Uri($"http://127.0.0.1:{receiver.Port}/hook"))]);

        await auditor.RecordAsync(Event(AuditAction.Failed) with { FailureReason = "gate" });

        Assert.Single(receiver.Requests);
        Assert.Single(ledger.Last(5));
    }

    [Fact]
    public async Task A_ledger_failure_propagates_and_nobody_is_notified()
    {
        var blocker = Path.Combine(_root.Path, "not-a-directory");
        File.WriteAllText(blocker, "");
        var notifier = new RecordingNotifier();
        var auditor = new NotifyingAuditor(new ReleaseLedger(blocker, "prod"), [notifier]);

        await Assert.ThrowsAnyAsync<IOException>(() => auditor.RecordAsync(Event(AuditAction.Started)));
        await Assert.ThrowsAsync<AuditRecordRejectedException>(() =>
            new NotifyingAuditor(new ReleaseLedger(_root.Path, "prod"), [notifier]).RecordAsync(Event(AuditAction.Failed) with { FailureReason = "token=abcdefghijklmnopqrstuvwxyz012345" }));

        Assert.Empty(notifier.Seen);
    }

    [Fact]
    public async Task Phase_records_are_written_but_not_sent()
    {
        var ledger = new ReleaseLedger(_root.Path, "prod");
        var notifier = new RecordingNotifier();
        var auditor = new NotifyingAuditor(ledger, [notifier]);

        await auditor.RecordAsync(Event(AuditAction.Phase) with { Phase = "pull" });
        await auditor.RecordAsync(Event(AuditAction.Switched) with { Colour = "green" });

        Assert.Equal(2, ledger.Last(5).Count);
        Assert.Equal([AuditAction.Switched], notifier.Seen.Select(r => r.Action));
    }
}
