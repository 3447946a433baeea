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
    ];
}
