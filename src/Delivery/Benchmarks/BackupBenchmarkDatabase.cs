using System.Globalization;
using BuildEngine.IO;
using Delivery.Backup;
using Delivery.Execution;

namespace Delivery.Benchmarks;

/// <summary>
/// A PostgreSQL container of the project's image archiving to an encrypted pgBackRest repository in its own volume, as
/// staging and prod run it, filled with generated appointments. Everything it creates is removed on dispose.
/// </summary>
public sealed class BackupBenchmarkDatabase(AbsolutePath workDirectory, string image) : IDisposable
{
    public const string Container = "pazpaz-bench-backup-db";
    const string Repository = "pazpaz-bench-backup-repo";
    readonly ProcessStepRunner _runner = new();
    AbsolutePath Secrets => workDirectory / "secrets";

    public DatabaseBackupSettings Settings => new()
    {
        Environment = "bench",
        Container = Container,
        Image = image,
        RepositoryVolume = Repository,
        PassphraseFile = Secrets / "backup-passphrase",
        // The scratch copies keep their data in memory: a 1 GB database and its replayed WAL fit with room.
        ScratchSize = "6g",
    };

    public DatabaseBackup Backup => new(new DatabaseBackupPlanner(Settings), _runner);

    public void Start()
    {
        Dispose();
        Secrets.CreateDirectory();
        WriteSecret("db-password", "pw-" + Guid.NewGuid().ToString("N"));
        WriteSecret("backup-passphrase", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36)));
        _runner.Run(new Plan("Start the benchmark's database",
        [
            Step.Run("Create the repository volume", "docker", "volume", "create", Repository),
            Step.Run("Start PostgreSQL with archiving",
                "docker", "run", "--detach", "--name", Container, "--network", "none", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--shm-size", "256m", "--env", "POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "--env", "POSTGRES_DB=pazpaz",
                "--env", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase",
                "--mount", $"type=volume,source={Repository},target=/var/lib/pgbackrest",
                "--mount", $"type=bind,source={Secrets},target=/run/secrets,readonly", image),
        ]));
        var deadline = Deadline.After(TimeSpan.FromMinutes(2));
        while (!_runner.Probe(Step.Run("Is it healthy?", "docker", "inspect", "--format", "{{.State.Health.Status}}", Container)).Output.Trim().Equals("healthy", StringComparison.Ordinal))
        {
            if (deadline.Passed)
                throw new InvalidOperationException($"{Container} did not become healthy within 2 min: docker logs {Container}");
            Thread.Sleep(500);
        }
        Sql("CREATE TABLE appointments (id bigserial PRIMARY KEY, workspace_id int NOT NULL, title text NOT NULL, starts_at timestamptz NOT NULL, notes text)",
            "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
            "INSERT INTO alembic_version VALUES ('0003_bench')");
    }

    /// <summary>
    /// Adds appointments in batches until the database reaches <paramref name="bytes"/>. Notes are 512 random hex
    /// characters: they compress about as well as typed text, so backups are not flattered by repeated data.
    /// </summary>
    public long FillTo(long bytes, Action<string> progress)
    {
        const int batch = 200_000;
        while (SizeBytes() < bytes)
        {
            Sql("INSERT INTO appointments (workspace_id, title, starts_at, notes) SELECT g % 97, 'appointment ' || g, now() + g * interval '1 minute', " +
                $"(SELECT string_agg(md5(random()::text || s), '') FROM generate_series(g, g + 15) s) FROM generate_series(1, {batch}) g");
            progress($"Generated {SizeBytes() / 1e6:0} of {bytes / 1e6:0} MB");
        }
        // Settle it as a database in service is: otherwise the first read after the bulk load sets hint bits on every
        // page, and the incremental measures that rewrite instead of the change.
        Sql("VACUUM (FREEZE, ANALYZE) appointments", "CHECKPOINT");
        // The bulk load left a gigabyte of WAL queued for the archive; a database in service is caught up, and the
        // backup's own archiving check must not time that queue.
        _runner.Run(new DatabaseBackupPlanner(Settings).Prepare());
        return SizeBytes();
    }

    /// <summary>Rewrites the notes of the newest <paramref name="percent"/> % of appointments: recent ones are the ones edited.</summary>
    public void ChangeNewest(int percent) => Sql(
        $"UPDATE appointments SET notes = md5(random()::text) || notes WHERE id > (SELECT max(id) - max(id) * {percent} / 100 FROM appointments)");

    public long SizeBytes() => long.Parse(Sql("SELECT pg_database_size('pazpaz')"), CultureInfo.InvariantCulture);

    /// <summary>The host loses the database: the server gets no chance to flush or archive anything more.</summary>
    public void Lose() => _runner.Run(new Plan("Lose the database", [Step.Run("Kill PostgreSQL (SIGKILL)", "docker", "kill", "--signal", "KILL", Container)]));

    public string Sql(params string[] commands)
    {
        var answer = _runner.Probe(new Step("SQL in the benchmark's database",
            ["docker", "exec", Container, "psql", "-h", "/tmp", "-U", "postgres", "-d", "pazpaz", "-v", "ON_ERROR_STOP=1", "-qAt", .. commands.SelectMany(c => new[] { "-c", c })],
            Timeout: TimeSpan.FromMinutes(15)));
        return answer.Succeeded ? answer.Output.Trim() : throw new InvalidOperationException($"psql in {Container} failed (exit {answer.ExitCode}): {answer.Errors.Trim()}");
    }

    public void Dispose()
    {
        _runner.Probe(Step.Run("Remove the database", "docker", "rm", "--force", "--volumes", Container));
        _runner.Probe(Step.Run("Remove the repository", "docker", "volume", "rm", "--force", Repository));
        Secrets.DeleteDirectory();
    }

    void WriteSecret(string name, string value)
    {
        File.WriteAllText(Secrets / name, value + "\n");
        // The container's user (10004) reads them through the bind mount; the directory is the build's temp, not shared.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Secrets / name, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
