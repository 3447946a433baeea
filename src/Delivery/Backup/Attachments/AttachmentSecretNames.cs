namespace Delivery.Backup.Attachments;

/// <summary>The secrets the attachments backup reads: names only, values come from <c>SecretSource</c>.</summary>
public static class AttachmentSecretNames
{
    public const string S3AccessKeyId = "PAZPAZ_ATTACHMENTS_S3_ACCESS_KEY_ID";
    public const string S3SecretAccessKey = "PAZPAZ_ATTACHMENTS_S3_SECRET_ACCESS_KEY";

    /// <summary>restic's repository key. Kept in the secret store, never next to the repository (anchors-hardening.md A.4).</summary>
    public const string ResticPassword = "PAZPAZ_ATTACHMENTS_RESTIC_PASSWORD";

    /// <summary>Only for an <see cref="AttachmentRepository.Offsite"/> repository.</summary>
    public const string OffsiteAccessKeyId = "PAZPAZ_BACKUP_S3_ACCESS_KEY_ID";

    public const string OffsiteSecretAccessKey = "PAZPAZ_BACKUP_S3_SECRET_ACCESS_KEY";
}
