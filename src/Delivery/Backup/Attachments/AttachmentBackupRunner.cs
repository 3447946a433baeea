using System.Diagnostics;
using System.Text.Json;
using Delivery.Execution;
using Serilog;

namespace Delivery.Backup.Attachments;

/// <summary>What a backup did, for the summary table and the tests.</summary>
public sealed record AttachmentBackupOutcome(string SnapshotId, AttachmentManifest Manifest, TimeSpan Duration)
{
    public IReadOnlyList<(string Name, string Value)> Summary =>
        [("Attachments snapshot", SnapshotId), ("Objects", Manifest.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         ("Manifest", "sha256:" + Manifest.Digest()[..12]), ("Duration", $"{Duration.TotalSeconds:0.0} s")];
}

/// <summary>What a restore did: the bucket now holds exactly <see cref="Manifest"/>.</summary>
public sealed record AttachmentRestoreOutcome(string Snapshot, string Bucket, AttachmentManifest Manifest, TimeSpan Duration)
{
    public IReadOnlyList<(string Name, string Value)> Summary =>
        [("Restored snapshot", Snapshot), ("Into bucket", Bucket), ("Objects", Manifest.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         ("Manifest", "sha256:" + Manifest.Digest()[..12]), ("Duration", $"{Duration.TotalSeconds:0.0} s")];
}

/// <summary>
/// The attachments backup and restore as scripts over <see cref="AttachmentBackupPlanner"/>'s plans, with a manifest
/// check at each hand-over: the staged copy must hold as many objects as the bucket lists (and, unless allowed, more
/// than none), the restored files must match the manifest stored in the snapshot, and the target bucket must match it
/// after the upload. A restore always removes its scratch copy, also when it failed.
/// </summary>
public sealed class AttachmentBackupRunner(AttachmentBackupPlanner planner, IStepRunner runner)
{
    /// <summary>restic's exit codes (0.17 and later) for a repository that is not there and for a wrong password.</summary>
    const int NoRepository = 10;
    const int WrongPassword = 12;

    readonly AttachmentBackupSettings _settings = planner.Settings;

    public AttachmentBackupRunner(AttachmentBackupSettings settings, IStepRunner runner) : this(new AttachmentBackupPlanner(settings), runner)
    {
    }

    /// <summary>Mirror the bucket, prove the copy complete, snapshot it, apply the keep policy, check the repository.</summary>
    public AttachmentBackupOutcome Backup()
    {
        var stopwatch = Stopwatch.StartNew();
        if (!OpenRepository(createIfMissing: true))
            Execute(planner.Initialize());

        Execute(planner.Stage());
        Log.Information("Compare the staged copy with bucket '{Bucket}'...", _settings.Bucket);
        var staged = Manifest(planner.StagedManifest(), "the staged manifest");
        var listed = Ask(planner.BucketListing(_settings.Bucket)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (staged.Count != listed)
            throw new AttachmentBackupException($"The staging volume '{_settings.StagingVolume}' holds {staged.Count} objects but bucket '{_settings.Bucket}' lists {listed}: " +
                                                "the mirror is incomplete (an object changed during the copy?). Run the backup again.");
        if (staged.Count == 0 && !_settings.AllowEmptyBucket)
            throw new AttachmentBackupException($"Bucket '{_settings.Bucket}' at {_settings.Source.Endpoint} listed no objects, so there is nothing to back up. " +
                                                "Check the endpoint, the bucket name and the keys' read access; if the bucket really is empty (a new environment), set AllowEmptyBucket.");
        Log.Information("Staged {Manifest}", staged);

        Execute(planner.Snapshot());
        var snapshot = LatestSnapshotId();
        Log.Information("Attachments snapshot {Snapshot}: {Manifest} in {Seconds:0.0} s", snapshot, staged, stopwatch.Elapsed.TotalSeconds);
        return new AttachmentBackupOutcome(snapshot, staged, stopwatch.Elapsed);
    }

    /// <summary>
    /// Restore <paramref name="snapshot"/> (<c>latest</c> or an id) into <paramref name="bucket"/>, which then holds exactly
    /// the snapshot's objects: objects not in it are deleted. Prefer a new bucket and switch the app over.
    /// </summary>
    public AttachmentRestoreOutcome Restore(string snapshot, string bucket)
    {
        var stopwatch = Stopwatch.StartNew();
        var restore = planner.Restore(snapshot);
        var upload = planner.Upload(bucket);
        if (!OpenRepository(createIfMissing: false))
            throw new AttachmentBackupException($"There is no restic repository at {_settings.Repository}, so there is nothing to restore. " +
                                                "Check AttachmentRepository (the volume or offsite bucket the backups went to).");
        try
        {
            Execute(restore);
            Log.Information("Compare the restored files with the snapshot's manifest...");
            var expected = Manifest(planner.SnapshotManifest(), $"the manifest of snapshot '{snapshot}'");
            EnsureSame(expected, Manifest(planner.RestoredManifest(), "the restored files"), $"the manifest of snapshot '{snapshot}'", "the restored files");
            if (expected.Count == 0 && !_settings.AllowEmptyBucket)
                throw new AttachmentBackupException($"Snapshot '{snapshot}' holds no objects; restoring it would empty bucket '{bucket}'. Pick another snapshot (restic snapshots --tag attachments), or set AllowEmptyBucket.");

            Execute(upload);
            Log.Information("Compare bucket '{Bucket}' with the snapshot's manifest...", bucket);
            EnsureSame(expected, Manifest(planner.BucketManifest(bucket), $"bucket '{bucket}'"), $"the manifest of snapshot '{snapshot}'", $"bucket '{bucket}'");
            Execute(planner.RemoveRestoreCopy());
            Log.Information("Restored {Manifest} into bucket '{Bucket}' in {Seconds:0.0} s", expected, bucket, stopwatch.Elapsed.TotalSeconds);
            return new AttachmentRestoreOutcome(snapshot, bucket, expected, stopwatch.Elapsed);
        }
        catch (Exception failure)
        {
            RemoveRestoreCopyAfter(failure);
            throw;
        }
    }

    /// <summary>The compensation of a failed restore; it never hides the failure that led here.</summary>
    void RemoveRestoreCopyAfter(Exception failure)
    {
        try
        {
            Execute(planner.RemoveRestoreCopy());
        }
        catch (Exception cleanup) when (cleanup is not OperationCanceledException)
        {
            Log.Warning("The restore failed ({Failure}) and its scratch copy (PHI in clear) could not be removed ({Cleanup}); remove it by hand: docker volume rm --force {Volume}",
                failure.Message, cleanup.Message, _settings.RestoreVolume);
        }
    }

    /// <summary>The plans without running them (for <c>--plan</c>); manifest checks happen between them.</summary>
    public string Preview(string snapshot = "latest", string? restoreBucket = null) => string.Join(Environment.NewLine,
        "Backup:", planner.Stage().Render(), "  then: staged manifest == bucket listing, and not empty", planner.Snapshot().Render(),
        "Restore:", planner.Restore(snapshot).Render(), "  then: restored files == the snapshot's manifest",
        planner.Upload(restoreBucket ?? _settings.Bucket).Render(), "  then: bucket == the snapshot's manifest", planner.RemoveRestoreCopy().Render());

    /// <summary>True when the repository opens; false when there is none; a clear error for a wrong password or anything else.</summary>
    bool OpenRepository(bool createIfMissing)
    {
        Log.Information("Open the restic repository {Repository}...", _settings.Repository);
        var step = planner.OpenRepository();
        var result = runner.Probe(step);
        return result.ExitCode switch
        {
            0 => true,
            NoRepository => createIfMissing
                ? LogAndReturn($"No restic repository at {_settings.Repository} yet: creating one, encrypted with the secret '{_settings.PasswordSecret}'.")
                : false,
            WrongPassword => throw new AttachmentBackupException(
                $"restic could not open the repository at {_settings.Repository}: wrong password (exit {WrongPassword}). " +
                $"The secret '{_settings.PasswordSecret}' does not hold this repository's key; load the password the repository was created with from the secret store."),
            var code => throw new AttachmentBackupException(
                $"restic could not open the repository at {_settings.Repository} (exit {code}). Run the command by hand to see restic's error:{Environment.NewLine}  {step}"),
        };
    }

    static bool LogAndReturn(string message)
    {
        Log.Information("{Message}", message);
        return false;
    }

    string LatestSnapshotId()
    {
        var output = Ask(planner.LatestSnapshot()).Output;
        try
        {
            using var snapshots = JsonDocument.Parse(output);
            return snapshots.RootElement.EnumerateArray().Select(s => s.GetProperty("short_id").GetString()).LastOrDefault()
                   ?? throw new AttachmentBackupException($"restic listed no attachments snapshot after a successful backup (host '{_settings.Host}', tag '{AttachmentBackupPlanner.Tag}').");
        }
        catch (JsonException e)
        {
            throw new AttachmentBackupException($"restic snapshots --json printed something that is not JSON ({e.Message}).");
        }
    }

    AttachmentManifest Manifest(Step step, string source) => AttachmentManifest.Parse(Ask(step).Output, source);

    /// <summary>A read-only step whose output is needed; a failure names the step and the command to rerun by hand.</summary>
    StepResult Ask(Step step)
    {
        Log.Information("{Description}...", step.Description);
        var result = runner.Probe(step);
        if (!result.Succeeded)
            throw new AttachmentBackupException($"{step.Description} failed (exit {result.ExitCode}). Run it by hand to see the error:{Environment.NewLine}  {step}");
        return result;
    }

    static void EnsureSame(AttachmentManifest expected, AttachmentManifest actual, string expectedName, string actualName)
    {
        var difference = expected.CompareTo(actual);
        if (!difference.IsEmpty)
            throw new AttachmentBackupException(difference.Describe(expectedName, actualName));
        Log.Information("{Actual} matches {Expected}: {Manifest}", actualName, expectedName, actual);
    }

    void Execute(Plan plan)
    {
        Log.Information("{Plan}", plan.Render());
        runner.Run(plan);
    }
}
