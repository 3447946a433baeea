using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Backup;
using Delivery.Images;
using Integration.Tests.Bootstrap;
using Integration.Tests.Edge;
using Integration.Tests.Images;
using Xunit.Abstractions;
using Mount = Docker.DotNet.Models.Mount;

namespace Integration.Tests.Backup;

/// <summary>
/// The offsite repository (issue #7): the postgres image with the near posix repository (repo1) and an S3 one (repo2)
/// on s3rver, which serves TLS with a certificate from a throwaway CA that pgBackRest verifies (no verify-tls=n).
/// Both repositories take a full backup; then repo2 alone, with no repo1 mounted, restores the census exactly, and the
/// store holds no plain text of the data.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class OffsiteRepositoryTests(DockerFixture docker, ITestOutputHelper output)
{
    [Fact]
    public async Task Both_repositories_back_up_and_the_offsite_one_alone_restores_the_census_and_holds_no_plain_text()
    {
        var total = Stopwatch.StartNew();
        var stack = await OffsiteStack.StartAsync(docker, "offsite-restore");
        output.WriteLine($"s3rver (TLS) and postgres with two repositories up: {total.Elapsed.TotalSeconds:0.0} s");

        // The configuration the entrypoint wrote (only non-secret lines are read back), private to the postgres user.
        var conf = stack.InDatabase("stat -c %a /tmp/pgbackrest/pgbackrest.conf; grep -E '^(\\[|repo2-(type|s3-endpoint|storage-port|s3-bucket|s3-region|s3-uri-style|storage-ca-file|cipher-type|retention-full-type|retention-full|path)=|archive-async=)' /tmp/pgbackrest/pgbackrest.conf");
        foreach (var line in new[] { "600", "repo2-type=s3", "repo2-s3-endpoint=s3", "repo2-storage-port=4569", $"repo2-s3-bucket={OffsiteStack.Bucket}", "repo2-s3-region=us-east-1",
                     "repo2-s3-uri-style=path", "repo2-path=/pgbackrest", "repo2-storage-ca-file=/run/secrets/s3-ca.pem", "repo2-cipher-type=aes-256-cbc",
                     "repo2-retention-full-type=time", "repo2-retention-full=35", "[global:archive-push]", "archive-async=y" })
            Assert.Contains(line, conf.Split('\n'));
        Assert.DoesNotContain(stack.Passphrase, Docker("inspect", "--format", "{{json .Config.Env}}", stack.Database).Text);

        var marker = "PATIENT-MARKER-" + Guid.NewGuid().ToString("N");
        stack.AddAppointments(500, marker);
        stack.Sql("CHECKPOINT");

        var step = Stopwatch.StartNew();
        stack.PgBackRest("stanza-create");
        output.WriteLine($"stanza-create (both repositories): {step.Elapsed.TotalSeconds:0.0} s");
        step.Restart();
        stack.PgBackRest("backup", "--type=full");
        output.WriteLine($"full backup to repo1 (posix): {step.Elapsed.TotalSeconds:0.0} s");
        step.Restart();
        stack.PgBackRest("backup", "--type=full", "--repo=2");
        output.WriteLine($"full backup to repo2 (S3 over TLS): {step.Elapsed.TotalSeconds:0.0} s");
        step.Restart();
        stack.PgBackRest("check");
        output.WriteLine($"check (WAL reaches both): {step.Elapsed.TotalSeconds:0.0} s");

        // One full backup in each repository, told apart by repo-key.
        var sets = BackupsByRepository(stack.PgBackRest("info", "--output=json"));
        Assert.Equal(["full"], sets.GetValueOrDefault(1, []));
        Assert.Equal(["full"], sets.GetValueOrDefault(2, []));

        // With two repositories every command on a set names its repository: annotate without --repo (pgBackRest 2.55.1)
        // writes the other repository's backup.info over repo1's, losing repo1's set. With --repo, each stays whole.
        var label2 = BackupLabels(stack.PgBackRest("info", "--repo=2", "--output=json")).Single();
        stack.PgBackRest("annotate", $"--set={label2}", "--repo=2", "--annotation=offsite=yes");
        Assert.Single(BackupLabels(stack.PgBackRest("info", "--repo=1", "--output=json")));
        foreach (var repository in new[] { "--repo=1", "--repo=2" })
            Assert.Contains("status: ok", stack.PgBackRest("verify", repository, "--output=text", "--verbose").Split('\n').Select(l => l.Trim()));

        // Rows after the backups reach repo2 only as WAL: the restore must replay them from the store.
        stack.AddAppointments(100, "after the backups");
        var census = stack.Sql(TableCensus.Query(OffsiteStack.CriticalTables));
        stack.Sql("SELECT pg_create_restore_point('offsite-census')");
        stack.PgBackRest("check");

        // The positive control: the marker is in the live data files, so the same search can find it.
        Assert.True(int.Parse(stack.InDatabase($"grep -r -a -l -F {marker} \"$PGDATA\" | wc -l"), CultureInfo.InvariantCulture) > 0, "the marker should be in the live data files");
        var store = Docker("exec", stack.S3, "bash", "-c", $"shopt -s globstar; n=0; for f in /tmp/s3rver/**; do [ -f \"$f\" ] && n=$((n+1)); done; echo $n; grep -r -a -l -F {marker} /tmp/s3rver | wc -l").Text.Split('\n');
        Assert.True(int.Parse(store[0], CultureInfo.InvariantCulture) > 10, $"s3rver should hold the backup and the WAL: {string.Join(' ', store)}");
        Assert.Equal("0", store[1].Trim());

        // repo2 alone: an empty volume where repo1 would be, the store reached over the test network.
        step.Restart();
        var restored = await stack.RestoreFromOffsiteAsync(["--repo=2", "--type=name", "--target=offsite-census", "--target-action=promote"], output);
        output.WriteLine($"restore from repo2 alone, WAL replayed, promoted: {step.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(TableCensus.Parse(census), TableCensus.Parse(restored));
        Assert.Equal(600, TableCensus.Parse(restored).Single(c => c.Table == "appointments").Rows);
        output.WriteLine($"total: {total.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task With_the_store_unreachable_the_near_repository_still_receives_WAL_and_the_offsite_one_catches_up()
    {
        // pgBackRest retries an unreachable store for 3 × io-timeout per file (archive.info and its copy): 6 min with the
        // default 60 s. A 5 s timeout (pgBackRest's own environment variable) keeps the test short; the behaviour is the same.
        var stack = await OffsiteStack.StartAsync(docker, "offsite-outage", "PGBACKREST_IO_TIMEOUT=5");
        stack.AddAppointments(50);
        stack.PgBackRest("stanza-create");
        stack.PgBackRest("check");

        // The store drops off the network (its data stays: s3rver keeps objects on its own tmpfs).
        Docker("network", "disconnect", stack.Network, stack.S3).EnsureSucceeded("disconnect s3rver");
        var stopwatch = Stopwatch.StartNew();
        stack.AddAppointments(50, "during the outage");
        var segment = stack.Sql("SELECT pg_walfile_name(pg_current_wal_lsn())");
        stack.Sql("SELECT pg_switch_wal()");

        // Async archiving pushes it to repo1 even though repo2 fails; PostgreSQL keeps it (not acknowledged) until both have it.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (!stack.Archived(1).Contains(segment, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"WAL segment {segment} never reached repo1 while the store was unreachable: {Docker("exec", stack.Database, "bash", "-c", "tail -n 20 /tmp/pgbackrest/log/*archive-push-async.log").Text}");
            await Task.Delay(1000);
        }
        output.WriteLine($"{segment} in repo1 {stopwatch.Elapsed.TotalSeconds:0.0} s after the switch, with the store unreachable");
        // archive-push reports the repo2 failure to PostgreSQL once the async run ends: the archiver counts a failure and
        // keeps the segment.
        string[] archiver;
        while ((archiver = stack.Sql("SELECT coalesce(last_archived_wal, '') || '|' || failed_count FROM pg_stat_archiver").Split('|'))[1] == "0")
        {
            Assert.True(DateTime.UtcNow < deadline, "the archiver should report failures while the store is unreachable");
            await Task.Delay(1000);
        }
        Assert.True(string.CompareOrdinal(archiver[0], segment) < 0, $"PostgreSQL should not count {segment} archived while repo2 lacks it (last archived: {archiver[0]})");
        Assert.False(stack.PgBackRestProbe("check").Succeeded, "check must fail while the offsite repository is unreachable");

        // The store is back: the held segments reach repo2 and check passes again (the archiver may be in its retry pause).
        Docker("network", "connect", "--alias", "s3", stack.Network, stack.S3).EnsureSucceeded("reconnect s3rver");
        stopwatch.Restart();
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        DockerAnswer check;
        while (!(check = stack.PgBackRestProbe("check")).Succeeded)
            Assert.True(DateTime.UtcNow < deadline, $"check still fails after the store is back: {check.Text}");
        output.WriteLine($"check passes {stopwatch.Elapsed.TotalSeconds:0.0} s after the store is back");
        Assert.Contains(segment, stack.Archived(2));
        Assert.True(string.CompareOrdinal(stack.Sql("SELECT last_archived_wal FROM pg_stat_archiver"), segment) >= 0, "PostgreSQL counts the held segment archived once both repositories have it");
    }

    [Theory]
    [InlineData("PAZPAZ_BACKUP_S3_ENDPOINT=s3:4569|PAZPAZ_BACKUP_S3_BUCKET=pgbackrest", "PAZPAZ_BACKUP_S3_KEY_FILE PAZPAZ_BACKUP_S3_SECRET_FILE")]
    [InlineData("PAZPAZ_BACKUP_S3_ENDPOINT=https://s3:4569|PAZPAZ_BACKUP_S3_BUCKET=pgbackrest|PAZPAZ_BACKUP_S3_KEY_FILE=/run/secrets/s3-key|PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/s3-secret", "without a scheme")]
    [InlineData("PAZPAZ_BACKUP_S3_ENDPOINT=s3:4569|PAZPAZ_BACKUP_S3_BUCKET=Bad_Bucket|PAZPAZ_BACKUP_S3_KEY_FILE=/run/secrets/s3-key|PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/s3-secret", "PAZPAZ_BACKUP_S3_BUCKET=Bad_Bucket")]
    [InlineData("PAZPAZ_BACKUP_S3_ENDPOINT=s3:4569|PAZPAZ_BACKUP_S3_BUCKET=pgbackrest|PAZPAZ_BACKUP_S3_KEY_FILE=/run/secrets/s3-key|PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/missing|PAZPAZ_BACKUP_S3_CA_FILE=/run/secrets/s3-ca.pem", "PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/missing is not readable")]
    [InlineData("PAZPAZ_BACKUP_S3_ENDPOINT=s3:4569|PAZPAZ_BACKUP_S3_BUCKET=pgbackrest|PAZPAZ_BACKUP_S3_KEY_FILE=/run/secrets/s3-key|PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/s3-secret|PAZPAZ_BACKUP_S3_CA_FILE=/run/secrets/s3-ca.pem|PAZPAZ_BACKUP_RETENTION_OFFSITE_DAYS=0", "PAZPAZ_BACKUP_RETENTION_OFFSITE_DAYS=0")]
    public async Task An_incomplete_or_malformed_offsite_configuration_stops_the_container_naming_the_variable(string variables, string expected)
    {
        var image = (await docker.BuildAsync("postgres")).Tags[0];
        var secrets = OffsiteStack.WriteSecrets(docker.WorkDirectory / ("offsite-invalid-" + Guid.NewGuid().ToString("N")), "S3RVER", "-----BEGIN CERTIFICATE-----\n");

        var run = Docker(["run", "--rm", "--network", "none", "--read-only", "--tmpfs", "/tmp", "--user", "10004:10004",
            "--mount", $"type=bind,source={secrets},target=/run/secrets,readonly",
            "--env", "POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "--env", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase",
            .. variables.Split('|').SelectMany(v => new[] { "--env", v }), image]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Offsite backup repository (repo2)", run.Text);
        Assert.Contains(expected, run.Text);
    }

    /// <summary>The backup types in each repository, by repo-key, oldest first.</summary>
    static Dictionary<int, List<string>> BackupsByRepository(string infoJson)
    {
        using var document = JsonDocument.Parse(infoJson);
        return document.RootElement[0].GetProperty("backup").EnumerateArray()
            .GroupBy(b => b.GetProperty("database").GetProperty("repo-key").GetInt32())
            .ToDictionary(g => g.Key, g => g.Select(b => b.GetProperty("type").GetString()!).ToList());
    }

    static List<string> BackupLabels(string infoJson)
    {
        using var document = JsonDocument.Parse(infoJson);
        return document.RootElement[0].GetProperty("backup").EnumerateArray().Select(b => b.GetProperty("label").GetString()!).ToList();
    }

    internal static DockerAnswer Docker(params string[] arguments)
    {
        var result = ProcessTasks.Probe("docker", arguments, TimeSpan.FromMinutes(10));
        return new DockerAnswer(result.ExitCode, result.StandardOutput.Trim(), string.Join('\n', result.Output.Select(o => o.Text)));
    }
}

/// <summary>A docker command's exit code, standard output, and all its output (for messages).</summary>
sealed record DockerAnswer(int ExitCode, string Output, string Text)
{
    public bool Succeeded => ExitCode == 0;

    public DockerAnswer EnsureSucceeded(string what) => Succeeded ? this : throw new Xunit.Sdk.XunitException($"{what} failed (exit {ExitCode}): {Text}");
}

/// <summary>
/// One test's private network with s3rver serving TLS as <c>s3</c> (a certificate from a throwaway CA) and a postgres
/// container of the project's image with the near repository in a volume and the offsite one in s3rver's bucket. Keys,
/// passphrase and CA are file secrets, as in production.
/// </summary>
sealed class OffsiteStack
{
    public const string Bucket = "pgbackrest";
    public static readonly string[] CriticalTables = ["appointments", "alembic_version"];

    OffsiteStack(string name, string image, AbsolutePath secrets, string passphrase) => (_name, Image, _secrets, Passphrase) = (name, image, secrets, passphrase);

    readonly string _name;
    readonly AbsolutePath _secrets;

    public string Image { get; }
    public string Passphrase { get; }
    public string Network => DockerFixture.NameOf(_name + "-net");
    public string S3 => DockerFixture.NameOf(_name + "-s3");
    public string Database => DockerFixture.NameOf(_name + "-db");

    /// <summary>The entrypoint's offsite variables, pointing at the files <see cref="WriteSecrets"/> wrote under /run/secrets.</summary>
    static readonly string[] OffsiteEnvironment =
    [
        "PAZPAZ_BACKUP_S3_ENDPOINT=s3:4569", $"PAZPAZ_BACKUP_S3_BUCKET={Bucket}",
        "PAZPAZ_BACKUP_S3_KEY_FILE=/run/secrets/s3-key", "PAZPAZ_BACKUP_S3_SECRET_FILE=/run/secrets/s3-secret", "PAZPAZ_BACKUP_S3_CA_FILE=/run/secrets/s3-ca.pem",
    ];

    public static async Task<OffsiteStack> StartAsync(DockerFixture docker, string name, params string[] environment)
    {
        var image = (await docker.BuildAsync("postgres")).Tags[0];
        var s3Image = await new ImageBuilder(docker.Client).BuildAsync(
            new ImageDefinition("s3rver-test", AbsolutePath.Create(RepositoryCopy.SourceRoot) / "tests" / "Integration.Tests" / "Backup" / "S3"),
            DockerFixture.Version, BuildCertificates.ContextFiles());
        await docker.CreateNetworkAsync(name + "-net");

        // s3rver's own TLS (--key/--cert after the image's fixed arguments); pgBackRest gets only the CA.
        var authority = new TestCertificateAuthority("s3");
        var tls = authority.WriteTo(docker.WorkDirectory / (name + "-tls"));
        var s3 = await docker.RunAsync(new ContainerSpec(name + "-s3", s3Image.Id)
        {
            Network = name + "-net", Alias = "s3",
            Mounts = [new Mount { Type = "bind", Source = tls, Target = "/certs", ReadOnly = true }],
            Command = ["--configure-bucket", Bucket, "--key", "/certs/privkey.pem", "--cert", "/certs/fullchain.pem"],
        });
        Assert.True(await docker.WaitForHealthAsync(s3.Id, TimeSpan.FromSeconds(30)) == "healthy", "s3rver: " + await docker.LogsAsync(s3.Id));

        var passphrase = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36));
        var secrets = WriteSecrets(docker.WorkDirectory / (name + "-secrets"), passphrase, File.ReadAllText(tls / "ca.pem"));
        var database = await docker.RunAsync(new ContainerSpec(name + "-db", image)
        {
            Network = name + "-net",
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "POSTGRES_DB=pazpaz", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase", .. OffsiteEnvironment, .. environment],
            Mounts =
            [
                new Mount { Type = "volume", Source = DockerFixture.NameOf(name + "-repo1"), Target = "/var/lib/pgbackrest" },
                new Mount { Type = "bind", Source = secrets, Target = "/run/secrets", ReadOnly = true },
            ],
        });
        Assert.True(await docker.WaitForHealthAsync(database.Id, TimeSpan.FromSeconds(60)) == "healthy", "postgres: " + await docker.LogsAsync(database.Id));

        var stack = new OffsiteStack(name, image, secrets, passphrase);
        stack.Sql("CREATE TABLE appointments (id bigserial PRIMARY KEY, workspace_id int NOT NULL, title text NOT NULL, starts_at timestamptz NOT NULL, notes text)",
            "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)",
            "INSERT INTO alembic_version VALUES ('0003_it')");
        return stack;
    }

    /// <summary>The file secrets, readable by the containers' users through a bind mount: s3rver's fixed keys stand in for real ones.</summary>
    public static AbsolutePath WriteSecrets(AbsolutePath directory, string passphrase, string ca)
    {
        Directory.CreateDirectory(directory);
        foreach (var (file, value) in new[]
                 {
                     ("db-password", "pw-" + Guid.NewGuid().ToString("N") + "\n"), ("backup-passphrase", passphrase + "\n"),
                     ("s3-key", "S3RVER\n"), ("s3-secret", "S3RVER\n"), ("s3-ca.pem", ca),
                 })
        {
            File.WriteAllText(directory / file, value);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(directory / file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return directory;
    }

    public void AddAppointments(int count, string notes = "session notes") => Sql(
        $"INSERT INTO appointments (workspace_id, title, starts_at, notes) SELECT g % 7, 'appointment ' || g, now() + g * interval '1 hour', '{notes} ' || repeat(md5(g::text), 32) FROM generate_series(1, {count}) g");

    public string Sql(params string[] commands) => OffsiteRepositoryTests.Docker(["exec", Database, "psql", "-h", "/tmp", "-U", "postgres", "-d", "pazpaz", "-v", "ON_ERROR_STOP=1", "-qAt",
        .. commands.SelectMany(c => new[] { "-c", c })]).EnsureSucceeded($"psql {string.Join("; ", commands)}").Output;

    public string InDatabase(string script) => OffsiteRepositoryTests.Docker("exec", Database, "bash", "-c", script).EnsureSucceeded(script).Output;

    public DockerAnswer PgBackRestProbe(params string[] arguments) => OffsiteRepositoryTests.Docker(["exec", Database, "pgbackrest", "--stanza=pazpaz", .. arguments]);

    public string PgBackRest(params string[] arguments) => PgBackRestProbe(arguments).EnsureSucceeded("pgbackrest " + string.Join(' ', arguments)).Output;

    /// <summary>
    /// The first timeline's WAL file names in one repository (names are not encrypted; contents are). A listing of the
    /// one directory: s3rver answers a recursive listing with the top level only.
    /// </summary>
    public string Archived(int repository) => OffsiteRepositoryTests.Docker("exec", Database, "pgbackrest", $"--repo={repository}", "repo-ls", "archive/pazpaz/17-1/0000000100000000")
        .EnsureSucceeded($"list repo{repository}'s WAL archive").Output;

    /// <summary>
    /// A scratch copy restored by the image's restore mode from repo2 alone: an empty volume where repo1 would be, the
    /// offsite variables and file secrets, the test network to reach the store (a scratch from repo1 has no network).
    /// Returns the critical tables' census in the promoted copy; the copy is removed.
    /// </summary>
    public async Task<string> RestoreFromOffsiteAsync(IReadOnlyList<string> restoreOptions, ITestOutputHelper output)
    {
        var scratch = DockerFixture.NameOf(_name + "-scratch");
        var empty = DockerFixture.NameOf(_name + "-no-repo1");
        OffsiteRepositoryTests.Docker("volume", "create", empty).EnsureSucceeded("create the empty volume");
        try
        {
            OffsiteRepositoryTests.Docker([
                "run", "--detach", "--name", scratch, "--network", Network, "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--user", "10004:10004", "--pids-limit", "256", "--tmpfs", "/tmp:size=64m",
                "--tmpfs", "/var/lib/postgresql/data:uid=10004,gid=10004,mode=0700,size=256m",
                "--mount", $"type=volume,source={empty},target=/var/lib/pgbackrest,readonly",
                .. new[] { "backup-passphrase", "s3-key", "s3-secret", "s3-ca.pem" }.SelectMany(f => new[] { "--mount", $"type=bind,source={_secrets / f},target=/run/secrets/{f},readonly" }),
                "--env", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase", .. OffsiteEnvironment.SelectMany(e => new[] { "--env", e }),
                Image, "restore", .. restoreOptions]).EnsureSucceeded("start the scratch restore");

            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (OffsiteRepositoryTests.Docker("exec", scratch, "psql", "-h", "/tmp", "-U", "postgres", "-d", "postgres", "-qAtc", "SELECT pg_is_in_recovery()").Output != "f")
            {
                var state = OffsiteRepositoryTests.Docker("inspect", "--format", "{{.State.Status}}", scratch).Output;
                Assert.True(state == "running" && DateTime.UtcNow < deadline,
                    $"the scratch restore from repo2 is {state}, not promoted: {OffsiteRepositoryTests.Docker("logs", "--tail", "30", scratch).Text}");
                await Task.Delay(500);
            }

            // repo1 was never there: the copy came from the store alone.
            Assert.Equal("0", OffsiteRepositoryTests.Docker("exec", scratch, "bash", "-c", "find /var/lib/pgbackrest -mindepth 1 | wc -l").Output);
            output.WriteLine("restore_command in the copy: " + OffsiteRepositoryTests.Docker("exec", scratch, "bash", "-c", "grep -h restore_command \"$PGDATA\"/postgresql.auto.conf").Output);
            return OffsiteRepositoryTests.Docker("exec", scratch, "psql", "-h", "/tmp", "-U", "postgres", "-d", "pazpaz", "-qAtc", TableCensus.Query(CriticalTables))
                .EnsureSucceeded("the census of the restored copy").Output;
        }
        finally
        {
            OffsiteRepositoryTests.Docker("rm", "--force", "--volumes", scratch);
            OffsiteRepositoryTests.Docker("volume", "rm", "--force", empty);
        }
    }
}
