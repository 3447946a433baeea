using Delivery.Environments;

namespace Delivery.Backup.Attachments;

/// <summary>
/// What the attachments backup copies, where it keeps the encrypted copy and how long. The S3 keys and restic's
/// password are secret names resolved in <see cref="Secrets"/> at planning time; rendering these settings shows names only.
/// </summary>
public sealed record AttachmentBackupSettings
{
    /// <summary>The backup-tools image of this repository (<c>pazpaz/backup-tools:&lt;version&gt;</c>).</summary>
    public required string Image { get; init; }

    /// <summary>The store holding the attachments; its endpoint is reachable from <see cref="Network"/>.</summary>
    public required S3Remote Source { get; init; }

    /// <summary>The bucket of attachments.</summary>
    public required string Bucket { get; init; }

    /// <summary>The loaded secrets; only the names in <see cref="Source"/>, <see cref="PasswordSecret"/> and an offsite repository are read.</summary>
    public required SecretValues Secrets { get; init; }

    public AttachmentRepository Repository { get; init; } = new AttachmentRepository.Volume("pazpaz-attachments-restic");

    /// <summary>Secret holding restic's repository password (RESTIC_PASSWORD inside the container).</summary>
    public string PasswordSecret { get; init; } = AttachmentSecretNames.ResticPassword;

    public KeepPolicy Keep { get; init; } = KeepPolicy.Default;

    /// <summary>
    /// The bucket's plain copy that restic reads. Kept between runs so rclone fetches only what changed; it holds PHI
    /// in clear, like the bucket itself, so it lives on the backup host's encrypted disk (0700, owned by 10009).
    /// </summary>
    public string StagingVolume { get; init; } = "pazpaz-attachments-staging";

    /// <summary>A restore's scratch copy; created fresh for each restore and removed after it, whatever happened.</summary>
    public string RestoreVolume { get; init; } = "pazpaz-attachments-restore";

    /// <summary>The Docker network on which the S3 endpoint resolves (compose's project network); null for the default bridge.</summary>
    public string? Network { get; init; }

    /// <summary>
    /// restic's host for snapshots. Fixed because every <c>docker run</c> has a random hostname, and <c>forget</c>
    /// groups snapshots by host: with random hosts every snapshot is its own group and nothing would ever be forgotten.
    /// </summary>
    public string Host { get; init; } = "pazpaz-attachments";

    /// <summary>Share of the repository's data that <c>restic check</c> reads back and verifies on each backup.</summary>
    public int CheckPercent { get; init; } = 5;

    /// <summary>
    /// A bucket that lists no objects fails the backup unless this is set: rclone against some stores lists nothing
    /// without <c>--fast-list</c> and still exits 0, so an empty listing is more likely a fault than the truth.
    /// </summary>
    public bool AllowEmptyBucket { get; init; }

    /// <summary>Every problem at once, each naming the setting and the fix; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Image) || Image.Any(char.IsWhiteSpace))
            problems.Add($"AttachmentBackupImage: '{Image}' is not an image reference; build it with ./build.sh DockerBuild (pazpaz/backup-tools:<version>).");
        problems.AddRange(Source.Problems("AttachmentSource", Secrets));
        if (!BucketNames.IsValid(Bucket))
            problems.Add($"AttachmentBucket: '{Bucket}' {BucketNames.Rule}");
        problems.AddRange(Repository.Problems(Secrets));
        if (Repository.Remote is { } offsite && string.Equals(offsite.Name, Source.Name, StringComparison.OrdinalIgnoreCase))
            problems.Add($"AttachmentRepository: the offsite remote is named '{offsite.Name}' like the source; give it another name (both are RCLONE_CONFIG_{offsite.Name.ToUpperInvariant()}_*).");
        if (!Secrets.Contains(PasswordSecret))
            problems.Add($"Secret '{PasswordSecret}' (restic's repository password) is not loaded; set it in the environment or the environment's secret file. " +
                         "For a new repository generate one with: openssl rand -base64 32");
        else if (Secrets.Reveal(PasswordSecret).Length < 16)
            problems.Add($"Secret '{PasswordSecret}' is shorter than 16 characters; a repository key protects PHI, generate one with: openssl rand -base64 32");
        problems.AddRange(Keep.Problems());
        foreach (var (setting, name) in new[] { ("AttachmentStagingVolume", StagingVolume), ("AttachmentRestoreVolume", RestoreVolume), ("AttachmentHost", Host) })
            if (!DockerNames.IsValid(name))
                problems.Add($"{setting}: '{name}' is not a valid name (a letter or digit, then letters, digits, '_', '.', '-').");
        if (Network is { } network && !DockerNames.IsValid(network))
            problems.Add($"AttachmentNetwork: '{network}' is not a network name.");
        if (Repository is AttachmentRepository.Volume volume && (volume.Name == StagingVolume || volume.Name == RestoreVolume) || StagingVolume == RestoreVolume)
            problems.Add("The repository, staging and restore volumes must be three different volumes: a restore replaces its volume, and the staging copy mirrors the bucket.");
        if (CheckPercent is < 1 or > 100)
            problems.Add($"AttachmentCheckPercent: {CheckPercent} must be between 1 and 100 (the share of data restic check reads back).");
        return problems;
    }

    /// <summary>An environment's attachments backup, when its settings name a store; null when they name none.</summary>
    public static AttachmentBackupSettings? For(EnvironmentSettings environment, Func<SecretValues> secrets, string image) =>
        environment.AttachmentsS3Endpoint is not { } endpoint ? null : new AttachmentBackupSettings
        {
            Image = image,
            Source = new S3Remote("attachments", endpoint)
            {
                AccessKeyIdSecret = AttachmentSecretNames.S3AccessKeyId, SecretAccessKeySecret = AttachmentSecretNames.S3SecretAccessKey,
            },
            Bucket = environment.AttachmentsBucket!,
            Secrets = secrets(),
            Repository = new AttachmentRepository.Volume($"{environment.ComposeProject}_attachments-restic"),
            StagingVolume = $"{environment.ComposeProject}_attachments-staging",
            RestoreVolume = $"{environment.ComposeProject}_attachments-restore",
        }.EnsureValid();

    /// <summary>Throws <see cref="AttachmentBackupException"/> listing every problem.</summary>
    public AttachmentBackupSettings EnsureValid() => Problems() is { Count: > 0 } problems
        ? throw new AttachmentBackupException("Attachment backup settings are not usable:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
        : this;
}

public sealed class AttachmentBackupException(string message) : Exception(message);
