using Delivery.Audit;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class ReleaseLedgerTests : IDisposable
{
    readonly TempRoot _root = new();
    readonly ReleaseLedger _ledger;

    public ReleaseLedgerTests() => _ledger = new ReleaseLedger(_root.Path, "prod");

    public void Dispose() => _root.Dispose();

    string FileOf(long sequence) => Path.Combine(_ledger.Directory, ReleaseLedger.FileName(sequence));

    void AppendFour()
    {
        _ledger.Append(Event(AuditAction.Started));
        _ledger.Append(Event(AuditAction.Phase) with { Phase = "migrate", MigrationBefore = "a1", MigrationAfter = "b2", DurationMs = 1200 });
        _ledger.Append(Event(AuditAction.Switched) with { Colour = "green" });
        _ledger.Append(Event(AuditAction.Succeeded) with { Result = "ok", PhaseTimingsMs = new Dictionary<string, long> { ["pull"] = 900, ["migrate"] = 1200 } });
    }

    [Fact]
    public void Append_numbers_and_chains_one_file_per_event()
    {
        AppendFour();

        Assert.Equal(["000001.json", "000002.json", "000003.json", "000004.json"],
            Directory.GetFiles(_ledger.Directory).Select(f => Path.GetFileName(f)).Order().ToArray());
        var records = _ledger.Last(10);
        Assert.Equal([1L, 2, 3, 4], records.Select(r => r.Sequence));
        Assert.Null(records[0].PreviousHash);
        for (var i = 1; i < records.Count; i++)
            Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
        Assert.All(records, r => Assert.Equal(r.ComputeHash(), r.Hash));
        Assert.Contains("\"action\": \"succeeded\"", File.ReadAllText(FileOf(4)));
        var verification = _ledger.Verify();
        Assert.True(verification.IsIntact, string.Join("\n", verification.Breaks));
        Assert.Equal(4, verification.Records);
    }

    [Fact]
    public void Verify_names_an_edited_field()
    {
        AppendFour();
        File.WriteAllText(FileOf(2), File.ReadAllText(FileOf(2)).Replace("\"migrationAfter\": \"b2\"", "\"migrationAfter\": \"c3\"", StringComparison.Ordinal));

        var verification = _ledger.Verify();

        var only = Assert.Single(verification.Breaks);
        Assert.Equal(("000002.json", LedgerBreakKind.Edited), (only.File, only.Kind));
    }

    [Fact]
    public void Verify_names_the_next_record_when_an_edit_recomputed_the_hash()
    {
        AppendFour();
        var forged = AuditEvent.FromJson(File.ReadAllText(FileOf(3))) with { Colour = "blue", Hash = null };
        File.WriteAllText(FileOf(3), (forged with { Hash = forged.ComputeHash() }).ToJson());

        var only = Assert.Single(_ledger.Verify().Breaks);

        Assert.Equal(("000004.json", LedgerBreakKind.ChainBroken), (only.File, only.Kind));
    }

    [Fact]
    public void Verify_names_a_deleted_middle_record()
    {
        AppendFour();
        File.Delete(FileOf(2));

        var verification = _ledger.Verify();

        var only = Assert.Single(verification.Breaks);
        Assert.Equal(("000002.json", LedgerBreakKind.Missing), (only.File, only.Kind));
        Assert.Equal("000002.json", verification.FirstBreak!.File);
    }

    [Fact]
    public void Verify_names_a_swapped_pair()
    {
        AppendFour();
        File.Move(FileOf(2), FileOf(99));
        File.Move(FileOf(3), FileOf(2));
        File.Move(FileOf(99), FileOf(3));

        var breaks = _ledger.Verify().Breaks;

        Assert.Contains(breaks, b => b is { File: "000002.json", Kind: LedgerBreakKind.OutOfOrder });
        Assert.Contains(breaks, b => b is { File: "000003.json", Kind: LedgerBreakKind.OutOfOrder });
        Assert.Contains(breaks, b => b.Kind == LedgerBreakKind.ChainBroken);
    }

    [Fact]
    public void Verify_names_a_swapped_pair_even_when_the_sequence_numbers_were_fixed_up()
    {
        AppendFour();
        var second = AuditEvent.FromJson(File.ReadAllText(FileOf(2)));
        var third = AuditEvent.FromJson(File.ReadAllText(FileOf(3)));
        File.WriteAllText(FileOf(2), (third with { Sequence = 2 }).ToJson());
        File.WriteAllText(FileOf(3), (second with { Sequence = 3 }).ToJson());

        var breaks = _ledger.Verify().Breaks;

        Assert.Contains(breaks, b => b is { File: "000002.json", Kind: LedgerBreakKind.Edited });
        Assert.Contains(breaks, b => b is { File: "000003.json", Kind: LedgerBreakKind.Edited });
    }

    [Fact]
    public void Verify_treats_an_added_key_and_garbage_as_unreadable()
    {
        AppendFour();
        File.WriteAllText(FileOf(1), File.ReadAllText(FileOf(1)).Replace("{", "{\"note\": \"harmless?\",", StringComparison.Ordinal));
        File.WriteAllText(FileOf(4), "not json");

        var breaks = _ledger.Verify().Breaks;

        Assert.Equal([("000001.json", LedgerBreakKind.Unreadable), ("000004.json", LedgerBreakKind.Unreadable)],
            breaks.Select(b => (b.File, b.Kind)));
        Assert.Throws<LedgerCorruptException>(() => _ledger.References());
    }

    [Fact]
    public void Verify_detects_records_removed_from_the_start()
    {
        AppendFour();
        File.Delete(FileOf(1));

        Assert.Equal([("000001.json", LedgerBreakKind.Missing)], _ledger.Verify().Breaks.Select(b => (b.File, b.Kind)));
    }

    [Fact]
    public async Task Two_writers_of_the_same_sequence_exactly_one_wins()
    {
        _ledger.Append(Event(AuditAction.Started));
        var ours = _ledger.Seal(Event(AuditAction.Succeeded));
        var theirs = _ledger.Seal(Event(AuditAction.LockBroken, digest: null, previous: null) with { Actor = "bob" });
        Assert.Equal((2L, 2L), (ours.Sequence, theirs.Sequence));

        for (var round = 0; round < 20; round++)
        {
            File.Delete(FileOf(2));
            using var start = new Barrier(2);
            var results = await Task.WhenAll(new[] { ours, theirs }.Select(record => Task.Run(() =>
            {
                start.SignalAndWait();
                try
                {
                    _ledger.Write(record);
                    return (Exception?)null;
                }
                catch (Exception e)
                {
                    return e;
                }
            })));

            Assert.Single(results, r => r is null);
            Assert.IsType<LedgerConflictException>(Assert.Single(results, r => r is not null));
            var winner = results[0] is null ? ours : theirs;
            Assert.Equal(winner.Hash, AuditEvent.FromJson(File.ReadAllText(FileOf(2))).Hash);
            Assert.True(_ledger.Verify().IsIntact);
            Assert.Equal(2, Directory.GetFiles(_ledger.Directory).Length); // no temp file left behind
        }
    }

    [Fact]
    public async Task Concurrent_appends_never_overwrite_and_keep_the_chain()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            try
            {
                _ledger.Append(Event(AuditAction.Phase) with { Phase = $"p{i}" });
                return (Exception?)null;
            }
            catch (LedgerConflictException e)
            {
                return e;
            }
        })));

        var written = outcomes.Count(o => o is null);
        Assert.True(written >= 1);
        Assert.Equal(written, Directory.GetFiles(_ledger.Directory, "*.json").Length);
        var verification = _ledger.Verify();
        Assert.True(verification.IsIntact, string.Join("\n", verification.Breaks));
    }

    [Fact]
    public void Current_is_the_last_succeeded_or_rolled_back_release()
    {
        Assert.Null(_ledger.Current());
        _ledger.Append(Event(AuditAction.Succeeded, DigestA, null));
        _ledger.Append(Event(AuditAction.Started, DigestB, DigestA));
        _ledger.Append(Event(AuditAction.Succeeded, DigestB, DigestA));
        _ledger.Append(Event(AuditAction.Started, DigestC, DigestB));
        _ledger.Append(Event(AuditAction.Failed, DigestC, DigestB) with { FailureReason = "health gate: 3 of 5 probes failed" });

        Assert.Equal((DigestB, DigestA, 3L), (_ledger.Current()!.Digest, _ledger.Current()!.PreviousDigest, _ledger.Current()!.Sequence));

        _ledger.Append(Event(AuditAction.RolledBack, DigestA, DigestB));
        Assert.Equal((DigestA, DigestB), (_ledger.Current()!.Digest, _ledger.Current()!.PreviousDigest));
    }

    [Fact]
    public void References_lists_every_digest_the_ledger_mentions()
    {
        _ledger.Append(Event(AuditAction.Succeeded, DigestA, null));
        _ledger.Append(Event(AuditAction.Failed, DigestC, DigestA));
        _ledger.Append(Event(AuditAction.LockBroken, null, null));

        Assert.Equal([DigestA, DigestC], _ledger.References().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Last_returns_the_newest_records_oldest_first()
    {
        AppendFour();

        Assert.Equal([AuditAction.Switched, AuditAction.Succeeded], _ledger.Last(2).Select(r => r.Action));
        Assert.Empty(new ReleaseLedger(_root.Path, "staging").Last(5));
    }

    [Fact]
    public void Environments_are_separate_directories_and_names_cannot_escape_the_root()
    {
        new ReleaseLedger(_root.Path, "staging").Append(Event(AuditAction.Started, environment: "staging"));
        _ledger.Append(Event(AuditAction.Started));

        Assert.Equal(["prod", "staging"], Directory.GetDirectories(_root.Path).Select(d => Path.GetFileName(d)).Order().ToArray());
        Assert.Throws<ArgumentException>(() => _ledger.Append(Event(AuditAction.Started, environment: "staging")));
        Assert.Throws<ArgumentException>(() => new ReleaseLedger(_root.Path, "../etc"));
    }

    [Fact]
    public void A_refused_record_writes_nothing()
    {
        Assert.Throws<AuditRecordRejectedException>(() => _ledger.Append(Event(AuditAction.Failed) with { FailureReason = "psql: password=hunter2 refused" }));

        Assert.False(Directory.Exists(_ledger.Directory) && Directory.EnumerateFileSystemEntries(_ledger.Directory).Any());
    }

    [Fact]
    public void Nothing_is_appended_after_an_unreadable_newest_record()
    {
        AppendFour();
        File.WriteAllText(FileOf(4), "{ truncated");

        var e = Assert.Throws<LedgerCorruptException>(() => _ledger.Append(Event(AuditAction.Started)));

        Assert.Contains("000004.json", e.Message);
        Assert.False(File.Exists(FileOf(5)));
    }
}
