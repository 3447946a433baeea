using System.Globalization;
using Delivery.Execution;

namespace Delivery.Backup.Attachments;

/// <summary>
/// The attachments backup and restore as plans of <c>docker run</c> commands of the backup-tools image, on the
/// project's network (anchors-hardening.md A.4). Backup: <see cref="Stage"/> (rclone mirrors the bucket into the staging
/// volume and writes its sha256 manifest), then <see cref="Snapshot"/> (restic backup, forget, check). Restore:
/// <see cref="Restore"/> (restic restore --verify into a fresh volume), then <see cref="Upload"/> (rclone sync to a bucket).
/// Questions (manifests, listings, the repository's state) are single steps that change nothing. It never executes.
/// </summary>
/// <remarks>
/// Secrets reach the containers only as <c>--env NAME</c>: the docker CLI copies the value from its own environment,
/// which the runner fills from <see cref="Step.Environment"/>, so no value is on a command line or in a log. Nothing
/// else of the host's environment is passed: the host's <c>AWS_CA_BUNDLE</c> makes rclone's S3 backend fail
/// (LoadCustomCABundleError). Every rclone listing uses <c>--fast-list</c>: without it rclone lists nothing on s3rver
/// and still exits 0.
/// </remarks>
public sealed class AttachmentBackupPlanner(AttachmentBackupSettings settings)
{
    public const string Tag = "attachments";
    public const string StagingPath = "/staging";
    public const string RestorePath = "/restore";

    /// <summary>The bucket's objects, under the staging or restore path; the manifest sits next to them, so each snapshot carries its own.</summary>
    public const string ObjectsFolder = "objects";

    public const string ManifestFile = "manifest.sha256";

    static readonly TimeSpan Transfer = TimeSpan.FromHours(6);
    static readonly TimeSpan Question = TimeSpan.FromMinutes(2);

    readonly AttachmentBackupSettings _settings = settings.EnsureValid();

    public AttachmentBackupSettings Settings => _settings;

    // ---- questions (read-only) ----

    /// <summary>restic's exit code answers: 0 open, 10 no repository there, 12 wrong password.</summary>
    public Step OpenRepository() =>
        Restic($"Open the restic repository ({_settings.Repository})", Question, Mounts.None, "cat", "config");

    public Step LatestSnapshot() =>
        Restic("Read the latest attachments snapshot", Question, Mounts.None, "snapshots", "--json", "--latest", "1", "--tag", Tag, "--host", _settings.Host);

    /// <summary>Object keys, one a line; the count the staged copy must reach.</summary>
    public Step BucketListing(string bucket) =>
        Rclone($"List the objects of bucket '{bucket}'", Question * 5, Mounts.None, "lsf", "--fast-list", "--recursive", "--files-only", _settings.Source.Path(bucket));

    /// <summary>sha256 of every object as the store serves it (rclone downloads each: S3 keeps no sha256).</summary>
    public Step BucketManifest(string bucket) =>
        Rclone($"Hash every object of bucket '{bucket}' (sha256, downloaded)", Transfer, Mounts.None,
            "hashsum", "sha256", "--download", "--fast-list", _settings.Source.Path(bucket));

    /// <summary>The manifest <see cref="Stage"/> wrote next to the staged objects.</summary>
    public Step StagedManifest() =>
        Tools("Read the staged manifest", Question, Mounts.StagingReadOnly, ["cat", $"{StagingPath}/{ManifestFile}"]);

    /// <summary>The manifest that came out of the snapshot with the objects: what the bucket held at backup time.</summary>
    public Step SnapshotManifest() =>
        Tools("Read the snapshot's manifest", Question, Mounts.RestoreReadOnly, ["cat", $"{RestorePath}/{ManifestFile}"]);

    /// <summary>sha256 of the restored files, computed afresh.</summary>
    public Step RestoredManifest() =>
        Tools("Hash the restored objects (sha256)", Transfer, Mounts.RestoreReadOnly, ["bash", "-c", HashObjects, "hash", $"{RestorePath}/{ObjectsFolder}"]);

    // ---- plans ----

    public Plan Initialize() => new($"Create the restic repository ({_settings.Repository})",
        [Restic("Create the encrypted restic repository (the password is the secret " + _settings.PasswordSecret + ")", Question, Mounts.None, "init")]);

    public Plan Stage() => new($"Stage bucket '{_settings.Bucket}'",
    [
        Rclone($"Mirror bucket '{_settings.Bucket}' into the staging volume '{_settings.StagingVolume}'", Transfer, Mounts.Staging,
            "sync", "--fast-list", _settings.Source.Path(_settings.Bucket), $"{StagingPath}/{ObjectsFolder}"),
        Tools("Write the staged objects' sha256 manifest", Transfer, Mounts.Staging,
            ["bash", "-c", $"{HashObjects} > \"$2.next\" && mv -f \"$2.next\" \"$2\"", "hash", $"{StagingPath}/{ObjectsFolder}", $"{StagingPath}/{ManifestFile}"]),
    ]);

    /// <summary>Forget runs only after the backup succeeded (the runner stops at the first failing step), and check last.</summary>
    public Plan Snapshot() => new($"Snapshot the staged attachments into {_settings.Repository}",
    [
        Restic($"restic backup --tag {Tag} (encrypted, deduplicated)", Transfer, Mounts.StagingReadOnly,
            "backup", "--tag", Tag, "--host", _settings.Host, StagingPath),
        Restic($"restic forget --prune: keep {_settings.Keep}", Transfer, Mounts.None,
            ["forget", "--tag", Tag, "--host", _settings.Host, .. _settings.Keep.Arguments, "--prune"]),
        Restic($"restic check: the repository's structure and {_settings.CheckPercent}% of its data read back", Transfer, Mounts.None,
            "check", $"--read-data-subset={_settings.CheckPercent.ToString(CultureInfo.InvariantCulture)}%"),
    ]);

    /// <summary>Into a fresh volume, so nothing of an earlier restore mixes in; <c>--verify</c> re-reads every restored file.</summary>
    public Plan Restore(string snapshot)
    {
        EnsureSnapshot(snapshot);
        string[] select = snapshot == "latest" ? ["--tag", Tag, "--host", _settings.Host] : [];
        return new Plan($"Restore attachments snapshot '{snapshot}' into the volume '{_settings.RestoreVolume}'",
        [
            RemoveRestoreVolume("Start from an empty restore volume"),
            Restic($"restic restore {snapshot} --verify", Transfer, Mounts.Restore,
                ["restore", $"{snapshot}:{StagingPath}", .. select, "--target", RestorePath, "--verify"]),
        ]);
    }

    /// <summary>
    /// <c>rclone sync</c> makes the bucket equal the restored objects: objects that are not in the snapshot are deleted.
    /// Restore into a new bucket and switch the app over, or confirm that the live one may be replaced.
    /// </summary>
    public Plan Upload(string bucket)
    {
        if (!BucketNames.IsValid(bucket))
            throw new AttachmentBackupException($"Restore target '{bucket}' {BucketNames.Rule}");
        return new Plan($"Upload the restored attachments to bucket '{bucket}'",
        [
            Rclone($"Sync the restored objects into bucket '{bucket}' (created if missing; objects not in the snapshot are deleted)", Transfer, Mounts.RestoreReadOnly,
                "sync", "--fast-list", $"{RestorePath}/{ObjectsFolder}", _settings.Source.Path(bucket)),
        ]);
    }

    /// <summary>The restore volume holds PHI in clear: it goes when the restore is done, and when it failed.</summary>
    public Plan RemoveRestoreCopy() => new("Remove the restore's scratch copy", [RemoveRestoreVolume($"Remove the restore volume '{_settings.RestoreVolume}'")]);

    /// <summary>
    /// sha256 of every file under $1, keys relative to it, sorted bytewise: the format rclone hashsum prints. pipefail,
    /// so a failing find or sha256sum fails the step instead of yielding a short manifest.
    /// </summary>
    const string HashObjects = "set -euo pipefail; mkdir -p \"$1\"; cd \"$1\"; find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0r sha256sum --";

    Step RemoveRestoreVolume(string description) => Step.Run(description, "docker", "volume", "rm", "--force", _settings.RestoreVolume);

    static void EnsureSnapshot(string snapshot)
    {
        if (snapshot != "latest" && (snapshot.Length is < 8 or > 64 || !snapshot.All(char.IsAsciiHexDigitLower)))
            throw new AttachmentBackupException($"Snapshot '{snapshot}' is neither 'latest' nor a restic snapshot id (8 to 64 lowercase hex digits); " +
                                                "list them with: restic snapshots --tag " + Tag);
    }

    Step Rclone(string description, TimeSpan timeout, Mounts mounts, params string[] arguments) =>
        Tools(description, timeout, mounts, ["rclone", .. arguments], source: true);

    Step Restic(string description, TimeSpan timeout, Mounts mounts, params string[] arguments) =>
        Tools(description, timeout, mounts, ["restic", "-r", _settings.Repository.Location, .. arguments], restic: true);

    /// <summary>A one-shot container of the backup-tools image as it must run: read-only root, no capabilities, scratch in /tmp.</summary>
    Step Tools(string description, TimeSpan timeout, Mounts mounts, string[] command, bool source = false, bool restic = false)
    {
        var variables = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        void Add(S3Remote remote)
        {
            foreach (var (name, value) in remote.Variables())
                variables[name] = value;
            foreach (var (name, value) in remote.SecretVariables(_settings.Secrets))
                secrets[name] = value;
        }
        if (source)
            Add(_settings.Source);
        if (restic)
        {
            secrets["RESTIC_PASSWORD"] = _settings.Secrets.Reveal(_settings.PasswordSecret);
            if (_settings.Repository.Remote is { } offsite)
                Add(offsite);
        }

        List<string> arguments = ["docker", "run", "--rm", "--read-only", "--tmpfs", "/tmp:rw,noexec,nosuid,size=512m", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges:true"];
        if (_settings.Network is { } network)
            arguments.AddRange(["--network", network]);
        if (restic)
            arguments.AddRange(_settings.Repository.DockerArguments);
        arguments.AddRange(mounts switch
        {
            Mounts.Staging => ["--volume", $"{_settings.StagingVolume}:{StagingPath}"],
            Mounts.StagingReadOnly => ["--volume", $"{_settings.StagingVolume}:{StagingPath}:ro"],
            Mounts.Restore => ["--volume", $"{_settings.RestoreVolume}:{RestorePath}"],
            Mounts.RestoreReadOnly => ["--volume", $"{_settings.RestoreVolume}:{RestorePath}:ro"],
            _ => [],
        });
        // Non-secret settings inline, so the printed command shows them; secrets by name only.
        arguments.AddRange(variables.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => new[] { "--env", $"{p.Key}={p.Value}" }));
        arguments.AddRange(secrets.Keys.Order(StringComparer.Ordinal).SelectMany(name => new[] { "--env", name }));
        arguments.Add(_settings.Image);
        arguments.AddRange(command);
        return new Step(description, arguments, Timeout: timeout).With(new Dictionary<string, string>(), secrets);
    }

    enum Mounts { None, Staging, StagingReadOnly, Restore, RestoreReadOnly }
}
