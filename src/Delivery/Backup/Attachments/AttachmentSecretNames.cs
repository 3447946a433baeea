namespace Delivery.Backup.Attachments;

/// <summary>The secrets the attachments backup reads: names only, values come from <c>SecretSource</c>.</summary>
public static class AttachmentSecretNames
{
    public const string S3AccessKeyId = Environments.SecretNames.AttachmentsAccessKeyId;
    public const string S3SecretAccessKey = Environments.SecretNames.AttachmentsSecretAccessKey;

    /// <summary>restic's repository key. Kept in the secret store, never next to the repository (anchors-hardening.md A.4).</summary>
    public const string ResticPassword = Environments.SecretNames.AttachmentsResticPassword;

    /// <summary>Only for an <see cref="AttachmentRepository.Offsite"/> repository.</summary>
    public const string OffsiteAccessKeyId = "PAZPAZ_BACKUP_S3_ACCESS_KEY_ID";

    public const string OffsiteSecretAccessKey = "PAZPAZ_BACKUP_S3_SECRET_ACCESS_KEY";
}
