using BuildEngine.IO;
using Delivery.Backup;
using Delivery.Execution;
using Mount = Docker.DotNet.Models.Mount;
using Integration.Tests.Images;

namespace Integration.Tests.Backup;

/// <summary>
/// A PostgreSQL 17 container from the project's image with WAL archiving to an encrypted pgBackRest repository in a
/// volume of its own, the passphrase and password as file secrets, and the app's critical tables filled with rows.
/// </summary>
public sealed class BackupDatabase
{
    readonly DockerFixture _docker;
    readonly ProcessStepRunner _runner = new();

    BackupDatabase(DockerFixture docker, DatabaseBackupSettings settings) => (_docker, Settings) = (docker, settings);

    public DatabaseBackupSettings Settings { get; }

    public DatabaseBackup Backup => new(new DatabaseBackupPlanner(Settings), _runner);

    public static async Task<BackupDatabase> StartAsync(DockerFixture docker, string name, string scratchSize = "256m")
    {
        var image = (await docker.BuildAsync("postgres")).Tags[0];
        var secrets = docker.WorkDirectory / $"{name}-secrets";
        Directory.CreateDirectory(secrets);
        foreach (var (file, value) in new[] { ("db-password", "pw-" + Guid.NewGuid().ToString("N")), ("backup-passphrase", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36))) })
        {
            File.WriteAllText(secrets / file, value + "\n");
            // The container's user (10004) reads them through the bind mount.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(secrets / file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        var repository = DockerFixture.NameOf($"{name}-repo");
        var started = await docker.RunAsync(new ContainerSpec(name, image)
        {
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "POSTGRES_DB=pazpaz", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase"],
            Mounts =
            [
                new Mount { Type = "volume", Source = repository, Target = "/var/lib/pgbackrest" },
                new Mount { Type = "bind", Source = secrets, Target = "/run/secrets", ReadOnly = true },
            ],
        });
        await docker.WaitForHealthAsync(started.Id, TimeSpan.FromSeconds(60));
        var database = new BackupDatabase(docker, new DatabaseBackupSettings
        {
            Environment = "it",
            Container = DockerFixture.NameOf(name),
            Image = image,
            RepositoryVolume = repository,
            PassphraseFile = secrets / "backup-passphrase",
            ScratchSize = scratchSize,
        });
        database.Sql("CREATE TABLE appointments (id bigserial PRIMARY KEY, workspace_id int NOT NULL, title text NOT NULL, starts_at timestamptz NOT NULL, notes text)",
            "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
            "INSERT INTO alembic_version VALUES ('0003_it')");
        return database;
    }

    /// <summary>Adds <paramref name="count"/> appointments (notes of about a kilobyte each).</summary>
    public void AddAppointments(int count, string notes = "session notes") => Sql(
        $"INSERT INTO appointments (workspace_id, title, starts_at, notes) SELECT g % 7, 'appointment ' || g, now() + g * interval '1 hour', '{notes} ' || repeat(md5(g::text), 32) FROM generate_series(1, {count}) g");

    public string Sql(params string[] commands)
    {
        var answer = _runner.Probe(new Step("sql", ["docker", "exec", Settings.Container, "psql", "-h", "/tmp", "-U", "postgres", "-d", "pazpaz", "-v", "ON_ERROR_STOP=1", "-qAt", .. commands.SelectMany(c => new[] { "-c", c })]));
        Assert.True(answer.Succeeded, $"psql failed: {string.Join("; ", commands)}");
        return answer.Output.Trim();
    }

    /// <summary>Runs <paramref name="script"/> in a throwaway container of the image with the repository mounted (as the postgres user).</summary>
    public StepResult InRepository(string script, bool writable = false) => _runner.Probe(Step.Run("repository", "docker", "run", "--rm", "--network", "none",
        "--user", "10004:10004", "--entrypoint", "bash", "--mount", $"type=volume,source={Settings.RepositoryVolume},target=/repo{(writable ? "" : ",readonly")}",
        Settings.Image, "-c", script));

    /// <summary>Runs <paramref name="script"/> with <paramref name="volume"/> mounted read-only at /mnt/volume.</summary>
    public StepResult InVolume(string volume, string script) => _runner.Probe(Step.Run("volume", "docker", "run", "--rm", "--network", "none",
        "--user", "10004:10004", "--entrypoint", "bash", "--mount", $"type=volume,source={volume},target=/mnt/volume,readonly", Settings.Image, "-c", script));

    public StepResult InDatabase(string script) => _runner.Probe(Step.Run("database", "docker", "exec", Settings.Container, "bash", "-c", script));
}
