namespace Delivery.Environments;

/// <summary>A secret's name (the environment variable, CI secret and dotenv key are all this name) and what it is for.</summary>
public sealed record SecretName(string Name, bool Required, string Purpose);

/// <summary>The secrets each environment needs. Names only: values come from <see cref="SecretSource"/>.</summary>
public static class SecretNames
{
    public const string DatabasePassword = "PAZPAZ_DATABASE_PASSWORD";
    public const string SentryDsn = "PAZPAZ_SENTRY_DSN";
    public const string WebhookUrl = "PAZPAZ_WEBHOOK_URL";
    public const string BackupPassphrase = "PAZPAZ_BACKUP_PASSPHRASE";
    public const string AttachmentsAccessKeyId = "PAZPAZ_ATTACHMENTS_S3_ACCESS_KEY_ID";
    public const string AttachmentsSecretAccessKey = "PAZPAZ_ATTACHMENTS_S3_SECRET_ACCESS_KEY";
    public const string AttachmentsResticPassword = "PAZPAZ_ATTACHMENTS_RESTIC_PASSWORD";

    /// <summary>Per environment: staging and prod hold patient-shaped data and must archive it, so their backup passphrase is required.</summary>
    public static IReadOnlyList<SecretName> For(EnvironmentName environment) =>
    [
        new(DatabasePassword, Required: true, "PostgreSQL superuser password; compose secret db_password (/run/secrets/db-password)"),
        new(SentryDsn, Required: false, "Sentry DSN for error reports; unset sends none"),
        new(WebhookUrl, Required: false, environment == EnvironmentName.Dev
            ? "deploy notifications; usually unset in dev"
            : "deploy notifications (chat webhook); unset sends none"),
        new(BackupPassphrase, Required: environment != EnvironmentName.Dev,
            "pgBackRest repository passphrase (aes-256-cbc; openssl rand -base64 48); compose secret backup_passphrase. Keep a copy apart from the backups: without it they cannot be read"),
        // Needed when the environment's settings name an attachments store (AttachmentsS3Endpoint); Backup then says which are missing.
        new(AttachmentsAccessKeyId, Required: false, "access key id of the attachments bucket (read-only is enough for Backup)"),
        new(AttachmentsSecretAccessKey, Required: false, "secret access key of the attachments bucket"),
        new(AttachmentsResticPassword, Required: false, "restic repository key of the attachments backup (openssl rand -base64 32); keep a copy apart from the backups"),
    ];
}
