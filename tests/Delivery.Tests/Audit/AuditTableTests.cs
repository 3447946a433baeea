using Delivery.Audit;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class AuditTableTests : IDisposable
{
    readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Prints_one_aligned_line_per_record_and_the_verdict()
    {
        var ledger = new ReleaseLedger(_root.Path, "prod");
        ledger.Append(Event(AuditAction.Phase) with { Phase = "migrate", MigrationBefore = "a1", MigrationAfter = "b2", DurationMs = 1250 });
        ledger.Append(Event(AuditAction.Succeeded) with { Result = "ok" });

        var lines = AuditTable.Render(ledger.Last(20), ledger.Verify()).Split(Environment.NewLine);

        Assert.Equal("#  Time (UTC)           Action     Deploy                      Digest               Previous             Actor                      Detail", lines[0]);
        Assert.Equal("1  2026-11-27 10:00:00  phase      01JD0000000000000000000000  sha256:bbbbbbbbbbbb  sha256:aaaaaaaaaaaa  alice (alice@example.org)  phase migrate, alembic a1->b2, 1.3s", lines[1]);
        Assert.EndsWith("succeeded  01JD0000000000000000000000  sha256:bbbbbbbbbbbb  sha256:aaaaaaaaaaaa  alice (alice@example.org)  ok", lines[2]);
        Assert.Equal("Chain intact: 2 record(s) in 'prod'.", lines[3]);
    }

    [Fact]
    public void Names_every_break()
    {
        var ledger = new ReleaseLedger(_root.Path, "prod");
        for (var i = 0; i < 3; i++)
            ledger.Append(Event(AuditAction.Started));
        File.Delete(Path.Combine(ledger.Directory, "000002.json"));

        var text = AuditTable.Render(ledger.Last(20), ledger.Verify());

        Assert.Contains("Chain BROKEN in 'prod' (1 problem(s) in 2 record(s)):", text);
        Assert.Contains("  000002.json: Missing: record #2 is missing", text);
    }
}
