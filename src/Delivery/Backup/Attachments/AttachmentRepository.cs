using Delivery.Environments;

namespace Delivery.Backup.Attachments;

/// <summary>
/// Where the restic repository lives: a Docker volume on the backup host (the default, fast restores), or a bucket
/// offsite through restic's <c>rclone:</c> backend. restic's native <c>s3:</c> backend is not offered: it failed
/// against s3rver here ("Unmarshal: invalid character"), while <c>rclone:</c> worked (anchors-hardening.md A.4).
/// </summary>
public abstract record AttachmentRepository
{
    /// <summary>The value of restic's <c>-r</c>.</summary>
    public abstract string Location { get; }

    /// <summary>What <c>docker run</c> needs to reach the repository (a volume mount).</summary>
    public abstract IReadOnlyList<string> DockerArguments { get; }

    /// <summary>The rclone remote restic starts for an offsite repository; null for a volume.</summary>
    public virtual S3Remote? Remote => null;

    public abstract IEnumerable<string> Problems(SecretValues secrets);

    /// <summary>A volume mounted at <see cref="MountPath"/>.</summary>
    public sealed record Volume(string Name) : AttachmentRepository
    {
        public const string MountPath = "/repository";

        public override string Location => MountPath;

        public override IReadOnlyList<string> DockerArguments => ["--volume", $"{Name}:{MountPath}"];

        public override IEnumerable<string> Problems(SecretValues secrets) =>
            DockerNames.IsValid(Name) ? [] : [$"AttachmentRepository: '{Name}' is not a volume name (a letter or digit, then letters, digits, '_', '.', '-')."];

        public override string ToString() => $"volume '{Name}'";
    }

    /// <summary>A path in a bucket of another store, through <c>rclone serve restic --stdio</c> inside the container.</summary>
    public sealed record Offsite(S3Remote Store, string Bucket, string Path) : AttachmentRepository
    {
        public override string Location => $"rclone:{Store.Path($"{Bucket}/{Path.Trim('/')}")}";

        public override IReadOnlyList<string> DockerArguments => [];

        public override S3Remote Remote => Store;

        public override IEnumerable<string> Problems(SecretValues secrets)
        {
            foreach (var problem in Store.Problems("AttachmentRepository (offsite)", secrets))
                yield return problem;
            if (!BucketNames.IsValid(Bucket))
                yield return $"AttachmentRepository (offsite): '{Bucket}' {BucketNames.Rule}";
            if (Path.Trim('/').Length == 0 || Path.Any(char.IsWhiteSpace))
                yield return $"AttachmentRepository (offsite): path '{Path}' must name a folder in the bucket, e.g. restic/attachments.";
        }

        public override string ToString() => Location;
    }
}
