using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Delivery.Audit;

/// <summary>Another writer appended the same sequence number first; nothing of ours was written.</summary>
public sealed class LedgerConflictException(string message) : IOException(message);

/// <summary>A record could not be read, so a decision that needs the whole ledger (prune, rollback) must not be made.</summary>
public sealed class LedgerCorruptException(string message) : InvalidOperationException(message);

/// <summary>The release now live according to the ledger: the last succeeded or rolled_back record.</summary>
public sealed record CurrentRelease(string Digest, string? PreviousDigest, string DeployId, long Sequence, DateTimeOffset Time);

/// <summary>
/// The append-only release ledger of one environment: <c>&lt;root&gt;/&lt;environment&gt;/000042.json</c>, one file per
/// event, each carrying the hash of the one before. One file per event means an append never rewrites or races on a
/// shared file; the sequence number in the name is claimed atomically, so two writers cannot both append #42.
/// </summary>
/// <remarks>
/// The chain detects an edited, deleted (a gap) or reordered record. It cannot detect the newest records being
/// truncated, or the whole tail being rewritten with recomputed hashes: the notifications carry each record's
/// sequence and short hash to a second place for that (docs/operations/audit.md).
/// </remarks>
public sealed partial class ReleaseLedger
{
    const string Extension = ".json";
    const int Digits = 6;

    readonly TimeProvider _clock;

    public ReleaseLedger(string root, string environment, TimeProvider? clock = null)
    {
        if (!EnvironmentName().IsMatch(environment))
            throw new ArgumentException($"Environment '{environment}' is not a ledger name: use lowercase letters, digits and '-' (dev, staging, prod).", nameof(environment));
        Environment = environment;
        Directory = Path.Combine(Path.GetFullPath(root), environment);
        _clock = clock ?? TimeProvider.System;
    }

    public string Environment { get; }
    public string Directory { get; }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^\d{6,}\.json$")]
    private static partial Regex RecordName();

    public static string FileName(long sequence) => sequence.ToString(new string('0', Digits), CultureInfo.InvariantCulture) + Extension;

    /// <summary>
    /// Seals the event (environment, sequence, previous hash, hash; time if unset) after the newest record and writes it.
    /// Throws on any failure — an audit record that cannot be written must stop the mutation it describes.
    /// </summary>
    public AuditEvent Append(AuditEvent record)
    {
        var sealedRecord = Seal(record);
        Write(sealedRecord);
        return sealedRecord;
    }

    internal AuditEvent Seal(AuditEvent record)
    {
        if (record.Environment != Environment)
            throw new ArgumentException($"Record for environment '{record.Environment}' appended to the '{Environment}' ledger.", nameof(record));
        AuditGuard.EnsureSafe(record);
        var files = Files();
        AuditEvent? previous = null;
        if (files.Count > 0)
        {
            try
            {
                previous = ReadRecord(files[^1].Path);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                // Chaining onto a record we cannot read would hide the damage; the deploy stops until someone looks.
                throw new LedgerCorruptException(
                    $"Ledger '{Environment}': the newest record {Path.GetFileName(files[^1].Path)} cannot be read ({e.Message}), so nothing can be appended after it. Run ./build.sh Audit --environment {Environment} and see docs/operations/audit.md.");
            }
        }
        var sealedRecord = record with
        {
            Schema = AuditEvent.CurrentSchema,
            Sequence = files.Count == 0 ? 1 : files[^1].Sequence + 1,
            Time = record.Time == default ? _clock.GetUtcNow() : record.Time.ToUniversalTime(),
            PreviousHash = previous?.Hash,
            Hash = null,
        };
        return sealedRecord with { Hash = sealedRecord.ComputeHash() };
    }

    /// <summary>
    /// Temp file, fsync, then a no-replace publish: readers never see half a record, and a taken number stays taken.
    /// </summary>
    internal void Write(AuditEvent sealedRecord)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = Path.Combine(Directory, FileName(sealedRecord.Sequence));
        var temp = Path.Combine(Directory, $".{FileName(sealedRecord.Sequence)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(sealedRecord.ToJson()));
                stream.Flush(flushToDisk: true);
            }
            if (!PublishNoReplace(temp, target))
                throw new LedgerConflictException(
                    $"Ledger '{Environment}': {FileName(sealedRecord.Sequence)} was written by another writer at the same moment; this record was not appended. " +
                    $"Two writers on one environment mean the deploy lock was bypassed: check ./build.sh Audit --environment {Environment}.");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>False when <paramref name="target"/> already exists. Atomic: of two racing writers exactly one gets true.</summary>
    static bool PublishNoReplace(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically on an existing name.
            try
            {
                File.Move(temp, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }
        // Not File.Move: on Unix .NET checks for the target and then calls rename(2), which replaces — two writers could
        // both "win" and the second would silently overwrite the first. link(2) fails with EEXIST instead.
        if (Link(temp, target) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist)
            return false;
        throw new IOException($"Could not publish ledger record {target}: link(2) failed with errno {errno}. The ledger directory must be on a file system with hard links (a Docker volume or ext4/xfs).");
    }

    const int EExist = 17; // the same on Linux and macOS

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    static extern int Link(string existing, string created);

    /// <summary>Every record in order; an unreadable one has <see cref="LedgerEntry.Error"/> instead of a record.</summary>
    public IReadOnlyList<LedgerEntry> Entries() =>
        Files().Select(f =>
        {
            try
            {
                return new LedgerEntry(f.Sequence, Path.GetFileName(f.Path), ReadRecord(f.Path), null);
            }
            catch (Exception e) when (e is JsonException or IOException or NotSupportedException or InvalidOperationException)
            {
                return new LedgerEntry(f.Sequence, Path.GetFileName(f.Path), null, e.Message);
            }
        }).ToList();

    /// <summary>The newest <paramref name="count"/> readable records, oldest first (for display; see <see cref="Verify"/>).</summary>
    public IReadOnlyList<AuditEvent> Last(int count) =>
        Entries().Where(e => e.Record is not null).Select(e => e.Record!).TakeLast(Math.Max(0, count)).ToList();

    public LedgerVerification Verify()
    {
        var breaks = new List<LedgerBreak>();
        var entries = Entries();
        LedgerEntry? previous = null;
        long expected = 1;
        foreach (var entry in entries)
        {
            for (var missing = expected; missing < entry.Sequence; missing++)
                breaks.Add(new LedgerBreak(FileName(missing), LedgerBreakKind.Missing, $"record #{missing} is missing (deleted or never written)"));
            var afterGap = entry.Sequence != expected;
            expected = entry.Sequence + 1;

            if (entry.Record is not { } record)
            {
                breaks.Add(new LedgerBreak(entry.File, LedgerBreakKind.Unreadable, $"not a valid audit record: {entry.Error}"));
                previous = entry;
                continue;
            }
            if (record.Sequence != entry.Sequence)
                breaks.Add(new LedgerBreak(entry.File, LedgerBreakKind.OutOfOrder, $"holds record #{record.Sequence}, not #{entry.Sequence} (moved or reordered)"));
            if (record.Environment != Environment)
                breaks.Add(new LedgerBreak(entry.File, LedgerBreakKind.Edited, $"belongs to environment '{record.Environment}', not '{Environment}'"));
            if (record.Hash != record.ComputeHash())
                breaks.Add(new LedgerBreak(entry.File, LedgerBreakKind.Edited, "its content does not match its hash (edited after it was written)"));
            // Across a gap the missing record is the break already named; comparing with the record before it adds nothing.
            if (!afterGap)
            {
                var expectedPrevious = previous?.Record?.Hash;
                if (previous is null ? record.PreviousHash is not null : previous.Record is not null && record.PreviousHash != expectedPrevious)
                    breaks.Add(new LedgerBreak(entry.File, LedgerBreakKind.ChainBroken,
                        previous is null ? "the first record names a previous hash (records before it were removed)"
                            : $"its previous hash does not match {previous.File} (that record was replaced, or these were reordered)"));
            }
            previous = entry;
        }
        return new LedgerVerification(Environment, entries.Count, breaks);
    }

    /// <summary>The live release: the newest succeeded or rolled_back record with a digest, or null before the first deploy.</summary>
    public CurrentRelease? Current()
    {
        var record = Complete().LastOrDefault(r => r.Action is AuditAction.Succeeded or AuditAction.RolledBack && r.Digest is not null);
        return record is null ? null : new CurrentRelease(record.Digest!, record.PreviousDigest, record.DeployId, record.Sequence, record.Time);
    }

    /// <summary>Every digest any record names (digest or previous digest): what prune must never delete.</summary>
    public IReadOnlySet<string> References() =>
        Complete().SelectMany(r => new[] { r.Digest, r.PreviousDigest }).OfType<string>().ToHashSet(StringComparer.Ordinal);

    IReadOnlyList<AuditEvent> Complete()
    {
        var entries = Entries();
        if (entries.FirstOrDefault(e => e.Record is null) is { } bad)
            throw new LedgerCorruptException(
                $"Ledger '{Environment}' record {bad.File} cannot be read ({bad.Error}); refusing to decide from a partial ledger. Run ./build.sh Audit --environment {Environment}.");
        return entries.Select(e => e.Record!).ToList();
    }

    AuditEvent ReadRecord(string path) => AuditEvent.FromJson(File.ReadAllText(path, Encoding.UTF8));

    List<(long Sequence, string Path)> Files()
    {
        if (!System.IO.Directory.Exists(Directory))
            return [];
        return System.IO.Directory.EnumerateFiles(Directory)
            .Where(p => RecordName().IsMatch(Path.GetFileName(p)))
            .Select(p => (Sequence: long.Parse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture), Path: p))
            .OrderBy(f => f.Sequence)
            .ToList();
    }
}

public sealed record LedgerEntry(long Sequence, string File, AuditEvent? Record, string? Error);

public enum LedgerBreakKind
{
    /// <summary>A record's content no longer matches its hash.</summary>
    Edited,
    /// <summary>A sequence number has no file.</summary>
    Missing,
    /// <summary>A file holds another sequence number than its name.</summary>
    OutOfOrder,
    /// <summary>A record's previous hash is not the hash of the record before it.</summary>
    ChainBroken,
    /// <summary>Not JSON, or not an audit record (including unknown keys).</summary>
    Unreadable,
}

public sealed record LedgerBreak(string File, LedgerBreakKind Kind, string Detail)
{
    public override string ToString() => $"{File}: {Kind}: {Detail}";
}

public sealed record LedgerVerification(string Environment, int Records, IReadOnlyList<LedgerBreak> Breaks)
{
    public bool IsIntact => Breaks.Count == 0;
    public LedgerBreak? FirstBreak => Breaks.Count > 0 ? Breaks[0] : null;
}
