using BuildEngine.IO;
using Delivery.Environments;

namespace Delivery.Tests.Environments;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretSourceTests : IDisposable
{
    readonly AbsolutePath _root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "pazpaz-secrets-" + Guid.NewGuid().ToString("N")));

    public SecretSourceTests() => Directory.CreateDirectory(_root / ".nuke");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    SecretSource Source(Dictionary<string, string?> variables, EnvironmentName? environment = null) =>
        new(_root, environment ?? EnvironmentName.Staging, variables);

    [Fact]
    public void Missing_secrets_are_listed_together_with_every_way_to_provide_them()
    {
        var check = Source(new() { ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" }).Validate();

        Assert.False(check.Succeeded);
        Assert.Equal(["PAZPAZ_DATABASE_PASSWORD"], check.Missing);
        Assert.Equal(string.Join(Environment.NewLine,
            "Secrets for 'staging' are missing: PAZPAZ_DATABASE_PASSWORD. Provide each in one of these ways:",
            "  - PAZPAZ_DATABASE_PASSWORD (PostgreSQL superuser password; compose secret db_password (/run/secrets/db-password)): the environment variable " +
            "PAZPAZ_DATABASE_PASSWORD; on CI a secret of that name in the 'staging' environment, passed to the job as env.",
            "  - or a line NAME=value in .nuke/secrets.staging.age, encrypted with age (reads the lines from standard input; end with Ctrl-D):",
            "      age -e -r \"$(age-keygen -y \"$PAZPAZ_AGE_IDENTITY\")\" -o .nuke/secrets.staging.age",
            "    and PAZPAZ_AGE_IDENTITY set to that identity file when deploying (docs/operations/secrets-rotation.md)."), check.Message);
        Assert.Equal(check.Message, Assert.Throws<EnvironmentConfigurationException>(() => Source(new() { ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" }).Load()).Message);
    }

    [Fact]
    public void Values_come_from_the_environment_first_and_empty_ones_do_not_count()
    {
        var values = Source(new() { ["PAZPAZ_DATABASE_PASSWORD"] = "from-env-" + Guid.NewGuid(), ["PAZPAZ_SENTRY_DSN"] = "", ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" }).Load();

        Assert.StartsWith("from-env-", values.Reveal("PAZPAZ_DATABASE_PASSWORD"));
        Assert.False(values.Contains("PAZPAZ_SENTRY_DSN"));
    }

    [Fact]
    public void An_age_file_round_trips_in_memory_and_the_environment_wins_over_it()
    {
        var (identity, recipient) = AgeTool.KeyGen(_root);
        var password = "p@ss word=#" + Guid.NewGuid().ToString("N");
        AgeTool.Encrypt(recipient, SecretSource.FileFor(_root, EnvironmentName.Staging),
            $"# staging secrets\nPAZPAZ_DATABASE_PASSWORD={password}\nexport PAZPAZ_WEBHOOK_URL='https://hooks.example/T0/B0'\nPAZPAZ_SENTRY_DSN=\"https://k@o1.ingest.example/1\"\n");

        var source = Source(new() { ["PAZPAZ_AGE_IDENTITY"] = identity, ["PAZPAZ_SENTRY_DSN"] = "https://env@o2.ingest.example/2", ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" });
        var check = source.Validate();
        var values = source.Load();

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(new Dictionary<string, string>
        {
            ["PAZPAZ_DATABASE_PASSWORD"] = ".nuke/secrets.staging.age", ["PAZPAZ_SENTRY_DSN"] = "environment", ["PAZPAZ_WEBHOOK_URL"] = ".nuke/secrets.staging.age",
            ["PAZPAZ_BACKUP_PASSPHRASE"] = "environment",
        }, check.Origins);
        Assert.Equal(password, values.Reveal("PAZPAZ_DATABASE_PASSWORD"));
        Assert.Equal("https://hooks.example/T0/B0", values.Reveal("PAZPAZ_WEBHOOK_URL"));
        Assert.Equal("https://env@o2.ingest.example/2", values.Reveal("PAZPAZ_SENTRY_DSN"));
        Assert.Equal([".gitkeep-none"], Directory.GetFiles(_root / ".nuke").Select(Path.GetFileName).Where(n => n!.Contains("secrets") && !n.EndsWith(".age", StringComparison.Ordinal)).DefaultIfEmpty(".gitkeep-none"));
    }

    [Fact]
    public void Problems_in_the_decrypted_file_name_the_line_but_never_its_text()
    {
        var (identity, recipient) = AgeTool.KeyGen(_root);
        AgeTool.Encrypt(recipient, SecretSource.FileFor(_root, EnvironmentName.Staging),
            "PAZPAZ_DATABASE_PASWORD=typo-secret-value\nnot a line secret-text\nPAZPAZ_SENTRY_DSN=\"unclosed-secret\n");

        var message = Source(new() { ["PAZPAZ_AGE_IDENTITY"] = identity, ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" }).Validate().Message!;

        Assert.Contains("Secrets for 'staging' are missing: PAZPAZ_DATABASE_PASSWORD.", message);
        Assert.Contains("  - .nuke/secrets.staging.age, line 1: 'PAZPAZ_DATABASE_PASWORD' is not a secret of this environment. Known: PAZPAZ_DATABASE_PASSWORD, PAZPAZ_SENTRY_DSN, PAZPAZ_WEBHOOK_URL, PAZPAZ_BACKUP_PASSPHRASE, PAZPAZ_ATTACHMENTS_S3_ACCESS_KEY_ID, PAZPAZ_ATTACHMENTS_S3_SECRET_ACCESS_KEY, PAZPAZ_ATTACHMENTS_RESTIC_PASSWORD.", message);
        Assert.Contains("  - .nuke/secrets.staging.age, line 2: not a NAME=value line", message);
        Assert.Contains("  - .nuke/secrets.staging.age, line 3: the value of 'PAZPAZ_SENTRY_DSN' opens a quote it does not close.", message);
        Assert.DoesNotContain("secret-value", message);
        Assert.DoesNotContain("secret-text", message);
        Assert.DoesNotContain("unclosed-secret", message);
    }

    [Fact]
    public void Staging_and_prod_require_the_backup_passphrase_and_dev_does_not()
    {
        Assert.Equal(["PAZPAZ_BACKUP_PASSPHRASE"], Source(new() { ["PAZPAZ_DATABASE_PASSWORD"] = "pw" }, EnvironmentName.Prod).Validate().Missing);
        Assert.Equal(["PAZPAZ_BACKUP_PASSPHRASE"], Source(new() { ["PAZPAZ_DATABASE_PASSWORD"] = "pw" }, EnvironmentName.Staging).Validate().Missing);
        Assert.True(Source(new() { ["PAZPAZ_DATABASE_PASSWORD"] = "pw" }, EnvironmentName.Dev).Validate().Succeeded);
    }

    [Fact]
    public void A_file_that_cannot_be_decrypted_says_why()
    {
        var (_, recipient) = AgeTool.KeyGen(_root);
        AgeTool.Encrypt(recipient, SecretSource.FileFor(_root, EnvironmentName.Prod), "PAZPAZ_DATABASE_PASSWORD=x\n");
        var other = Directory.CreateDirectory(_root / "other").FullName;
        var (wrongIdentity, _) = AgeTool.KeyGen(other);

        var noIdentity = Source([], EnvironmentName.Prod).Validate().Message!;
        var wrongKey = Source(new() { ["PAZPAZ_AGE_IDENTITY"] = wrongIdentity }, EnvironmentName.Prod).Validate().Message!;
        File.SetUnixFileMode(wrongIdentity, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var shared = Source(new() { ["PAZPAZ_AGE_IDENTITY"] = wrongIdentity }, EnvironmentName.Prod).Validate().Message!;

        Assert.Contains("  - .nuke/secrets.prod.age exists but PAZPAZ_AGE_IDENTITY is not set", noIdentity);
        Assert.Contains($"age could not decrypt secrets.prod.age with the identity in {wrongIdentity} (exit 1): age: error: no identity matched any of the recipients", wrongKey);
        Assert.Contains($"PAZPAZ_AGE_IDENTITY: '{wrongIdentity}' is readable by group or others; run chmod 600", shared);
    }

    [Fact]
    public void Without_an_identity_the_file_is_not_needed_when_the_environment_has_every_required_name()
    {
        var (_, recipient) = AgeTool.KeyGen(_root);
        AgeTool.Encrypt(recipient, SecretSource.FileFor(_root, EnvironmentName.Staging), "PAZPAZ_WEBHOOK_URL=https://hooks.example/x\n");

        var check = Source(new() { ["PAZPAZ_DATABASE_PASSWORD"] = "ci-secret", ["PAZPAZ_BACKUP_PASSPHRASE"] = "backup-passphrase" }).Validate();

        Assert.True(check.Succeeded, check.Message);
        Assert.Equal(["PAZPAZ_BACKUP_PASSPHRASE", "PAZPAZ_DATABASE_PASSWORD"], check.Origins.Keys.Order(StringComparer.Ordinal));
    }
}
