using Delivery.Backup;

namespace Delivery.Tests.Backup;

/// <summary>The database backup's commands as data, the census arithmetic, pgBackRest's info JSON and the metrics file.</summary>
public sealed class DatabaseBackupPlanTests
{
    static readonly DatabaseBackupSettings Prod = new()
    {
        Environment = "prod",
        Container = "pazpaz-prod-postgres-1",
        Image = "registry/pazpaz/postgres@sha256:abc",
        RepositoryVolume = "pazpaz-prod_pgbackrest",
        PassphraseFile = "/run/pazpaz/pazpaz-prod/backup-passphrase",
    };

    static readonly DatabaseBackupPlanner Planner = new(Prod);

    [Fact]
    public void A_scratch_restore_has_no_network_a_read_only_repository_memory_backed_data_and_no_capabilities()
    {
        var run = Planner.StartScratch("pazpaz-prod-drill-1", ["--type=immediate"]).Steps.Single().Command;

        Assert.Equal(["docker", "run", "--detach", "--name", "pazpaz-prod-drill-1", "--network", "none", "--read-only", "--cap-drop", "ALL"], run.Take(10));
        Assert.Contains("type=volume,source=pazpaz-prod_pgbackrest,target=/var/lib/pgbackrest,readonly", run);
        Assert.Contains("type=bind,source=/run/pazpaz/pazpaz-prod/backup-passphrase,target=/run/secrets/backup-passphrase,readonly", run);
        Assert.Contains("/var/lib/postgresql/data:uid=10004,gid=10004,mode=0700,size=2g", run);
        Assert.Equal(["registry/pazpaz/postgres@sha256:abc", "restore", "--repo=1", "--type=immediate"], run.TakeLast(4));
    }

    [Fact]
    public void A_restore_without_the_passphrase_file_is_refused_before_any_command()
    {
        var error = Assert.Throws<BackupException>(() => new DatabaseBackupPlanner(Prod with { PassphraseFile = "" }).StartScratch("x", []));

        Assert.Contains("PAZPAZ_BACKUP_PASSPHRASE", error.Message);
    }

    [Fact]
    public void The_census_holds_writers_only_until_its_snapshot_is_marked_by_a_named_restore_point()
    {
        var census = Planner.Census("pazpaz-census-20261127T120000000Z").Command;

        Assert.Equal(["docker", "exec", "pazpaz-prod-postgres-1", "bash", "-c"], census.Take(5));
        Assert.Equal(["census", "pazpaz", "pazpaz-census-20261127T120000000Z", "appointments, alembic_version", TableCensus.Query(Prod.CriticalTables)], census.Skip(6));
        var script = census[5];
        // The lock, the export and the restore point in the holding session; the count only after it imported the snapshot.
        Assert.True(script.IndexOf("LOCK TABLE $tables IN SHARE MODE", StringComparison.Ordinal) < script.IndexOf("pg_export_snapshot()", StringComparison.Ordinal));
        Assert.True(script.IndexOf("pg_create_restore_point('$point')", StringComparison.Ordinal) < script.IndexOf("SET TRANSACTION SNAPSHOT", StringComparison.Ordinal));
        Assert.True(script.IndexOf("SELECT 'imported'", StringComparison.Ordinal) < script.IndexOf("echo \"COMMIT;\" >&4", StringComparison.Ordinal));
        Assert.True(script.IndexOf("echo \"COMMIT;\" >&4", StringComparison.Ordinal) < script.IndexOf("echo \"$query; COMMIT;\" >&5", StringComparison.Ordinal));
    }

    [Fact]
    public void No_step_carries_the_passphrase_or_a_password()
    {
        var steps = new[] { Planner.Prepare(), Planner.Backup(BackupKind.Full), Planner.ArchiveNow(), Planner.StartScratch("s", []), Planner.RemoveScratch("s") }
            .SelectMany(p => p.Steps).Concat([Planner.Verify(), Planner.Info(), Planner.Census("p"), Planner.Canary("t")]);

        Assert.All(steps, step =>
        {
            Assert.Empty(step.Environment);
            Assert.DoesNotContain(step.Command, a => a.Contains("cipher-pass", StringComparison.Ordinal) || a.Contains("PASSWORD=", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Every_pgbackrest_command_that_names_a_set_or_lists_them_says_which_repository()
    {
        // With an offsite repo2, `info` merges both and `annotate` of a label without --repo rewrites repo1's list.
        var commands = new[] { Planner.Backup(BackupKind.Incr).Steps[0], Planner.Annotate("L", new Dictionary<string, string> { ["a"] = "b" }).Steps[0], Planner.Verify(), Planner.Info() };

        Assert.All(commands, step => Assert.Contains("--repo=1", step.Command));
    }

    [Fact]
    public void Only_plain_table_names_reach_the_sql()
    {
        var error = Assert.Throws<BackupException>(() => TableCensus.Query(["appointments; DROP TABLE x"]));

        Assert.Contains("is not a plain table name", error.Message);
        Assert.Contains("FROM public.notes r", TableCensus.Query(["public.notes"]));
    }

    [Fact]
    public void The_census_round_trips_through_annotations_and_names_every_difference()
    {
        var recorded = TableCensus.Parse("appointments|700|aa\nalembic_version|1|bb\nrestore_point|0|0/3000120\nnoise line\n")
            .Where(c => c.Table != "restore_point").ToList();
        var fromRepository = TableCensus.FromAnnotations(new Dictionary<string, string>(TableCensus.Annotations(recorded)) { ["census.point"] = "p" });

        Assert.Equal(recorded.OrderBy(c => c.Table, StringComparer.Ordinal), fromRepository);
        Assert.Empty(TableCensus.Differences(recorded, recorded));
        Assert.Equal(
            ["appointments: 699 rows restored, 700 recorded at the backup", "alembic_version: the same 1 rows by count, but different content (md5 cc vs bb)"],
            TableCensus.Differences(recorded, [new("appointments", 699, "aa"), new("alembic_version", 1, "cc")]));
        Assert.Equal(["appointments: missing from the restored database"], TableCensus.Differences([recorded[0]], []));
    }

    [Fact]
    public void Backups_and_their_annotations_are_read_from_pgbackrest_info()
    {
        const string info = """
            [{"archive":[{"id":"17-1","max":"000000010000000000000003","min":"000000010000000000000001"}],
              "backup":[{"annotation":{"rows.appointments":"500","census.point":"p1"},"info":{"delta":31049055,"repository":{"delta":3737968,"size":3737968},"size":31049055},
                         "label":"20261127-122034F","timestamp":{"start":1795782034,"stop":1795782035},"type":"full"},
                        {"info":{"delta":100,"repository":{"delta":50,"size":50},"size":31049155},
                         "label":"20261127-122034F_20261127-130000I","timestamp":{"start":1795784400,"stop":1795784402},"type":"incr"}],
              "name":"pazpaz","status":{"code":0,"message":"ok"}}]
            """;

        var sets = BackupSet.Parse(info, "pazpaz");

        Assert.Equal(["full", "incr"], sets.Select(s => s.Type));
        Assert.Equal("500", sets[0].Annotations["rows.appointments"]);
        Assert.Equal(TimeSpan.FromSeconds(1), sets[0].Duration);
        Assert.Equal((31049055, 3737968), (sets[0].DatabaseBytes, sets[0].RepositoryBytes));
        Assert.Empty(sets[1].Annotations);
        Assert.Empty(BackupSet.Parse("""[{"name":"pazpaz","status":{"code":1,"message":"missing stanza path"}}]""", "pazpaz"));
    }

    [Fact]
    public void An_unknown_backup_type_names_the_ones_there_are()
    {
        Assert.Equal(BackupKind.Diff, BackupKinds.Parse(" DIFF "));
        Assert.StartsWith("Unknown backup type 'weekly'. Use --type full, diff or incr", Assert.Throws<BackupException>(() => BackupKinds.Parse("weekly")).Message);
    }

    [Fact]
    public void Metrics_are_in_the_textfile_format_with_help_type_and_the_environment_label()
    {
        var set = new BackupSet("L", "full", DateTimeOffset.FromUnixTimeSeconds(100), DateTimeOffset.FromUnixTimeSeconds(160), 3_000_000, 400_000, new Dictionary<string, string>());
        var text = BackupMetrics.Backup("prod", new BackupReport(set, "p", [], true, TimeSpan.FromSeconds(72.5)), DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        Assert.Equal(string.Join("\n",
            "# HELP pazpaz_backup_last_success_timestamp_seconds When the last backup of the database succeeded (Unix time).",
            "# TYPE pazpaz_backup_last_success_timestamp_seconds gauge",
            "pazpaz_backup_last_success_timestamp_seconds{environment=\"prod\",type=\"full\"} 1800000000",
            "# HELP pazpaz_backup_duration_seconds How long the last successful backup took, census and verify included.",
            "# TYPE pazpaz_backup_duration_seconds gauge",
            "pazpaz_backup_duration_seconds{environment=\"prod\",type=\"full\"} 72.5"), string.Join("\n", text.Split('\n').Take(6)));
        Assert.EndsWith("pazpaz_backup_repository_bytes{environment=\"prod\",type=\"full\"} 400000\n", text);
    }

    [Fact]
    public void A_restore_target_is_latest_or_a_utc_time_and_becomes_pgbackrest_options()
    {
        Assert.Equal(["--type=default"], RestoreTarget.Parse("latest").Options());
        Assert.Equal(["--type=default"], RestoreTarget.Parse(null).Options());
        Assert.Equal(["--type=time", "--target=2026-11-27 09:30:00.250000+00", "--target-action=promote"], RestoreTarget.Parse("2026-11-27T11:30:00.25+02:00").Options());
        Assert.Equal(["--type=time", "--target=2026-11-27 09:30:00.000000+00", "--target-action=promote"], RestoreTarget.Parse("2026-11-27 09:30:00").Options());
        Assert.StartsWith("--to 'yesterday' is neither 'latest' nor a time.", Assert.Throws<BackupException>(() => RestoreTarget.Parse("yesterday")).Message);
    }

    [Fact]
    public void Replacing_a_live_database_must_be_asked_for_by_name_and_for_prod_also_forced()
    {
        RestoreConfirmation.Check("staging", force: false, confirm: "staging");
        RestoreConfirmation.Check("prod", force: true, confirm: "prod");

        Assert.EndsWith("add: --confirm prod --force (docs/operations/restore.md). To only prove the backup restores, run ./build.sh RestoreDrill --environment prod.",
            Assert.Throws<BackupException>(() => RestoreConfirmation.Check("prod", force: false, confirm: null)).Message);
        Assert.Contains("add: --force (", Assert.Throws<BackupException>(() => RestoreConfirmation.Check("prod", force: false, confirm: "prod")).Message);
        Assert.Contains("add: --confirm staging (", Assert.Throws<BackupException>(() => RestoreConfirmation.Check("staging", force: true, confirm: "prod")).Message);
    }

    [Fact]
    public void The_restored_data_is_copied_in_place_as_the_postgres_user_with_no_network_and_the_old_data_only_copied_aside()
    {
        var keep = Planner.CopyData("pazpaz-prod_pgdata", "pazpaz-prod_pgdata-before-restore-1", replace: false, "keep").Steps.Single().Command;
        var replace = Planner.CopyData("restored", "pazpaz-prod_pgdata", replace: true, "replace").Steps.Single().Command;

        Assert.Contains("type=volume,source=pazpaz-prod_pgdata,target=/mnt/from,readonly", keep);
        Assert.Equal("cp -a /mnt/from/. /var/lib/postgresql/data/", keep[^1]);
        Assert.StartsWith("find /var/lib/postgresql/data -mindepth 1 -delete && ", replace[^1]);
        Assert.All(new[] { keep, replace }, c => Assert.Equal(["--network", "none"], c.Skip(3).Take(2)));
        Assert.All(new[] { keep, replace }, c => Assert.Contains("10004:10004", c));
    }
}
