using Delivery.Backup.Attachments;
using Delivery.Environments;

namespace Delivery.Tests.Backup;

/// <summary>Settings whose secret values are recognisable, so a test can prove they appear nowhere printable.</summary>
static class AttachmentsTestSettings
{
    public const string AccessKeyId = "AKIA-VALUE-OF-THE-ACCESS-KEY";
    public const string SecretAccessKey = "secret-access-key-value-0123456789";
    public const string ResticPassword = "restic-password-value-0123456789";
    public const string OffsiteKeyId = "OFFSITE-ACCESS-KEY-VALUE";
    public const string OffsiteSecret = "offsite-secret-key-value-0123456789";

    public static readonly string[] SecretValues = [AccessKeyId, SecretAccessKey, ResticPassword, OffsiteKeyId, OffsiteSecret];

    public static AttachmentBackupSettings Local => new()
    {
        Image = "pazpaz/backup-tools:1.2.3",
        Source = new S3Remote("source", new Uri("http://s3:9000"))
        {
            AccessKeyIdSecret = AttachmentSecretNames.S3AccessKeyId, SecretAccessKeySecret = AttachmentSecretNames.S3SecretAccessKey,
        },
        Bucket = "attachments",
        Network = "pazpaz-prod",
        Secrets = new SecretValues(new Dictionary<string, string>
        {
            [AttachmentSecretNames.S3AccessKeyId] = AccessKeyId,
            [AttachmentSecretNames.S3SecretAccessKey] = SecretAccessKey,
            [AttachmentSecretNames.ResticPassword] = ResticPassword,
            [AttachmentSecretNames.OffsiteAccessKeyId] = OffsiteKeyId,
            [AttachmentSecretNames.OffsiteSecretAccessKey] = OffsiteSecret,
        }),
    };

    public static AttachmentBackupSettings Offsite => Local with
    {
        Repository = new AttachmentRepository.Offsite(
            new S3Remote("offsite", new Uri("https://s3.eu-central-1.example.com"))
            {
                AccessKeyIdSecret = AttachmentSecretNames.OffsiteAccessKeyId, SecretAccessKeySecret = AttachmentSecretNames.OffsiteSecretAccessKey, Region = "eu-central-1",
            },
            "pazpaz-backups", "restic/attachments"),
    };
}
