using Delivery.Backup;
using Integration.Tests.Images;

namespace Integration.Tests.Backup;

/// <summary>
/// Backups and restore drills on real PostgreSQL 17 and pgBackRest (issue #7): each test has its own database and
/// encrypted repository, so a corrupted or interrupted one cannot leak into another.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DatabaseBackupTests(DockerFixture docker)
{
    [Fact]
    public async Task A_full_and_an_incremental_backup_verify_and_the_drill_restores_exactly_the_census_and_a_point_in_time()
    {
        var database = await BackupDatabase.StartAsync(docker, "backup-chain");
        database.AddAppointments(500);

        var full = database.Backup.Backup(BackupKind.Full, verify: true);
        database.AddAppointments(200, "later notes");
        database.Sql("UPDATE appointments SET title = title || ' (moved)' WHERE id % 10 = 0");
        var incremental = database.Backup.Backup(BackupKind.Incr, verify: true);
        database.AddAppointments(30, "after the last backup");
        var drill = database.Backup.Drill();

        Assert.Equal("full", full.Set.Type);
        Assert.Equal("incr", incremental.Set.Type);
        Assert.Equal(500, full.Census.Single(c => c.Table == "appointments").Rows);
        Assert.Equal(700, incremental.Census.Single(c => c.Table == "appointments").Rows);
        Assert.Equal(incremental.Set.Label, drill.Label);
        // The drill restored to the incremental backup's census, not to the newest rows.
        Assert.Equal(incremental.Census, drill.Restored);
        Assert.Equal([full.Set.Label, incremental.Set.Label], database.Backup.Sets().Select(s => s.Label));
        Assert.Equal("700", database.Backup.Sets()[^1].Annotations["rows.appointments"]);
    }

    [Fact]
    public async Task The_repository_is_encrypted_a_marker_in_the_live_data_is_nowhere_in_it()
    {
        var database = await BackupDatabase.StartAsync(docker, "backup-cipher");
        var marker = "PATIENT-MARKER-" + Guid.NewGuid().ToString("N");
        database.AddAppointments(50, marker);
        database.Sql("CHECKPOINT");

        database.Backup.Backup(BackupKind.Full, verify: false);

        // The positive control: the marker is in the live data directory's files, so the search can find it.
        var live = database.InDatabase($"grep -r -a -l {marker} \"$PGDATA\" | wc -l");
        Assert.True(int.Parse(live.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0, "the marker should be in the live data files");
        var repository = database.InRepository($"find /repo -type f | wc -l; grep -r -a -l {marker} /repo | wc -l");
        var lines = repository.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture) > 5, $"the repository should hold the backup and WAL: {repository.Output}");
        Assert.Equal("0", lines[1].Trim());
    }

    [Fact]
    public async Task A_corrupted_backup_file_fails_verify_and_the_drill_with_a_clear_message()
    {
        var database = await BackupDatabase.StartAsync(docker, "backup-corrupt");
        database.AddAppointments(300);
        var backup = database.Backup.Backup(BackupKind.Full, verify: true);

        var corrupted = database.InRepository(
            $"f=$(find /repo/backup/pazpaz/{backup.Set.Label}/bundle -type f -size +8k | head -n 1) && printf 'CORRUPTCORRUPTCORRUPT' | dd of=\"$f\" bs=1 seek=4096 conv=notrunc status=none && echo \"$f\"",
            writable: true);
        Assert.True(corrupted.Succeeded && corrupted.Output.Trim().Length > 0, "a backup file to corrupt");

        var verify = Record.Exception(() => database.Backup.Verify());
        var drill = Record.Exception(() => database.Backup.Drill());

        var damaged = Assert.IsType<BackupException>(verify);
        Assert.Contains($"backup: {backup.Set.Label}, status: invalid", damaged.Message);
        Assert.Contains("checksum invalid: 1,", damaged.Message);
        var failed = Assert.IsType<BackupException>(drill);
        Assert.Contains("scratch restore", failed.Message);
        Assert.Contains("before it was promoted", failed.Message);
    }

    [Fact]
    public async Task An_interrupted_backup_leaves_the_previous_one_listed_and_restorable_and_the_next_backup_succeeds()
    {
        var database = await BackupDatabase.StartAsync(docker, "backup-interrupted", scratchSize: "1g");
        database.AddAppointments(400);
        var good = database.Backup.Backup(BackupKind.Full, verify: false);
        database.Sql("INSERT INTO appointments (workspace_id, title, starts_at, notes) SELECT 1, 'bulk', now(), " +
            "(SELECT string_agg(md5(random()::text || g || i), '') FROM generate_series(1, 32) i) FROM generate_series(1, 150000) g");

        // A full backup of ~200 MB of incompressible notes, killed (SIGKILL, as a lost runner or the OOM killer would) a second in.
        var interrupted = database.InDatabase("timeout --signal=KILL 1 pgbackrest --stanza=pazpaz backup --type=full");

        Assert.Equal(137, interrupted.ExitCode);
        Assert.Equal([good.Set.Label], database.Backup.Sets().Select(s => s.Label));
        var drill = database.Backup.Drill();
        Assert.Equal(good.Set.Label, drill.Label);
        Assert.Equal(good.Census, drill.Restored);
        var next = database.Backup.Backup(BackupKind.Incr, verify: true);
        Assert.Equal(150_400, next.Census.Single(c => c.Table == "appointments").Rows);
    }

    [Fact]
    public async Task A_point_in_time_restore_replaces_the_live_data_keeps_the_previous_data_and_the_database_serves_again()
    {
        var database = await BackupDatabase.StartAsync(docker, "restore-pitr");
        database.AddAppointments(100);
        database.Backup.Backup(BackupKind.Full, verify: false);
        database.AddAppointments(50, "before the mistake");
        var target = DateTimeOffset.Parse(database.Sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"), System.Globalization.CultureInfo.InvariantCulture);
        database.Sql("DELETE FROM appointments WHERE id % 2 = 0");
        Assert.True(database.InDatabase("pgbackrest --stanza=pazpaz check").Succeeded, "the WAL with the mistake is archived");
        var restore = new DatabaseRestore(new DatabaseBackupPlanner(database.Settings), new Delivery.Execution.ProcessStepRunner());

        var report = await restore.RestoreAsync(new RestoreTarget(target));

        Assert.Equal("150", database.Sql("SELECT count(*) FROM appointments"));
        Assert.Equal(150, report.Census.Single(c => c.Table == "appointments").Rows);
        var kept = database.InVolume(report.KeptVolume, "cat /mnt/volume/PG_VERSION");
        Assert.Equal("17", kept.Output.Trim());
        Assert.True(database.InDatabase("pgbackrest --stanza=pazpaz check").Succeeded, "archiving works again on the restored database");
        // The new timeline's history reached the repository, so a later point-in-time restore on it can find its way.
        Assert.Contains("00000002.history", database.InRepository("ls /repo/archive/pazpaz/17-1/").Output);
    }

    [Fact]
    public async Task A_restore_that_cannot_succeed_fails_before_the_live_database_is_touched()
    {
        var database = await BackupDatabase.StartAsync(docker, "restore-refused");
        database.AddAppointments(40);
        var before = DateTimeOffset.UtcNow.AddHours(-1);
        database.Backup.Backup(BackupKind.Full, verify: false);
        var restore = new DatabaseRestore(new DatabaseBackupPlanner(database.Settings), new Delivery.Execution.ProcessStepRunner());

        // No backup ended before an hour ago: pgBackRest cannot restore to that time.
        var failure = await Record.ExceptionAsync(() => restore.RestoreAsync(new RestoreTarget(before)));

        var refused = Assert.IsType<BackupException>(failure);
        Assert.Contains("failed before the live database was touched", refused.Message);
        Assert.Equal("40", database.Sql("SELECT count(*) FROM appointments"));
    }
}
