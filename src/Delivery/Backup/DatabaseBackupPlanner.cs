using System.Globalization;
using Delivery.Execution;

namespace Delivery.Backup;

/// <summary>
/// The commands of backups and restore drills, as data: pgBackRest and psql run inside the postgres container through
/// <c>docker exec</c>; a restore runs in a scratch container with no network. No step carries a secret: the passphrase
/// reaches pgBackRest through the container's own configuration file, written from a file secret at its start.
/// </summary>
public sealed class DatabaseBackupPlanner(DatabaseBackupSettings settings)
{
    public DatabaseBackupSettings Settings => settings;

    /// <summary>Where the drill writes its PITR canaries: the maintenance database, never the app's schema.</summary>
    public const string CanaryTable = "pazpaz_restore_canary";

    string[] PgBackRest(params string[] command) => ["docker", "exec", settings.Container, "pgbackrest", $"--stanza={settings.Stanza}", .. command];

    // --repo=1 on every command that takes it: with an offsite repo2 configured, `info` would merge both repositories'
    // sets and `annotate` of a repo2 label without --repo rewrites repo1's backup.info (measured on 2.55.1).
    const string NearRepository = "--repo=1";

    string[] Psql(string container, string database, params string[] commands) =>
        ["docker", "exec", container, "psql", "-h", "/tmp", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", .. commands.SelectMany(c => new[] { "-c", c })];

    public Step Configured() => Step.Run("Is pgBackRest configured in the postgres container?", "docker", "exec", settings.Container, "test", "-s", "/tmp/pgbackrest/pgbackrest.conf");

    /// <summary>Creates the stanza when it is new (a no-op otherwise), then proves WAL archiving works end to end.</summary>
    public Plan Prepare() => new("Prepare the repository",
    [
        Step.Run("Create the stanza if it is new", PgBackRest("stanza-create")) with { Timeout = TimeSpan.FromMinutes(5) },
        Step.Run("Check that WAL archiving reaches the repository", PgBackRest("check")) with { Timeout = TimeSpan.FromMinutes(5) },
    ]);

    public Plan Backup(BackupKind kind) => new($"Back up ({kind.Option()})",
    [
        Step.Run($"pgBackRest {kind.Option()} backup (expires old backups only after it succeeds)", PgBackRest("backup", NearRepository, $"--type={kind.Option()}")) with { Timeout = settings.BackupTimeout },
    ]);

    /// <summary>
    /// Counts and hashes the critical tables in one snapshot and drops a named restore point at that snapshot: a drill
    /// restores to exactly that point, so equality is exact on a live system. Writers to those tables are held only
    /// from the snapshot to the restore point (milliseconds): the counting runs in a second session that imports the
    /// snapshot, after the first has committed and let writers go on.
    /// </summary>
    public Step Census(string restorePoint) => new("Count and hash the critical tables at a named restore point",
        ["docker", "exec", settings.Container, "bash", "-c", CensusScript, "census", settings.Database, restorePoint,
            string.Join(", ", settings.CriticalTables.Select(TableCensus.ValidName)), TableCensus.Query(settings.CriticalTables)],
        Timeout: TimeSpan.FromMinutes(10));

    /// <summary>Two psql sessions over FIFOs: "hold" exports the snapshot under the lock, "count" imports it before "hold" commits.</summary>
    const string CensusScript = """
        set -euo pipefail
        db=$1 point=$2 tables=$3 query=$4
        dir=$(mktemp -d)
        trap 'rm -rf "$dir"' EXIT
        mkfifo "$dir/hold" "$dir/count"
        session() { psql -h /tmp -U postgres -d "$db" -v ON_ERROR_STOP=1 -qAtX < "$1" > "$1.out"; }
        wait_lines() {
          for _ in $(seq 1200); do
            [ "$(wc -l < "$1")" -ge "$2" ] && return 0
            kill -0 "$3" 2>/dev/null || { wait "$3"; echo "census: the $(basename "$1" .out) session ended early" >&2; exit 1; }
            sleep 0.05
          done
          echo "census: no answer from the $(basename "$1" .out) session within 60 s" >&2; exit 1
        }
        session "$dir/hold" & hold=$!
        exec 4> "$dir/hold"
        echo "SET lock_timeout = '50s'; BEGIN ISOLATION LEVEL REPEATABLE READ; LOCK TABLE $tables IN SHARE MODE;"              "SELECT pg_export_snapshot(); SELECT 'restore_point|0|' || pg_create_restore_point('$point');" >&4
        touch "$dir/hold.out"; wait_lines "$dir/hold.out" 2 $hold
        session "$dir/count" 4>&- & count=$!   # without "hold"'s write end, or "hold" never sees the end of its input
        exec 5> "$dir/count"
        echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '$(head -n 1 "$dir/hold.out")'; SELECT 'imported';" >&5
        touch "$dir/count.out"; wait_lines "$dir/count.out" 1 $count
        echo "COMMIT;" >&4; exec 4>&-; wait $hold
        echo "$query; COMMIT;" >&5; exec 5>&-; wait $count
        tail -n +2 "$dir/hold.out"; tail -n +2 "$dir/count.out"
        """;

    /// <summary><c>check</c> switches to a new WAL segment and waits until it is archived: the restore point is then in the repository.</summary>
    public Plan ArchiveNow() => new("Archive the current WAL", [Step.Run("Switch WAL and wait until it is archived", PgBackRest("check")) with { Timeout = TimeSpan.FromMinutes(5) }]);

    public Plan Annotate(string label, IReadOnlyDictionary<string, string> annotations) => new($"Annotate {label}",
    [
        Step.Run($"Record the census in backup {label}", PgBackRest(["annotate", NearRepository, $"--set={label}", .. annotations.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"--annotation={a.Key}={a.Value}")])),
    ]);

    /// <summary>Every file's checksum and every WAL segment a backup needs. It exits 0 even when it finds damage: read its text.</summary>
    public Step Verify() => new("pgBackRest verify (every file's checksum, every WAL segment needed)", PgBackRest("verify", NearRepository, "--output=text", "--verbose"), Timeout: settings.BackupTimeout);

    public Step Info() => new("Read the repository's backups", PgBackRest("info", NearRepository, "--output=json"));

    /// <summary>Writes a canary row into the maintenance database and returns the server's clock after its commit.</summary>
    public Step Canary(string token) => new($"Write PITR canary {token}", Psql(settings.Container, "postgres",
        $"CREATE TABLE IF NOT EXISTS {CanaryTable} (token text PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())",
        $"INSERT INTO {CanaryTable} (token) VALUES ('{token}')",
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'"));

    /// <summary>
    /// A scratch copy restored from the repository, with no network, its data directory in memory, the repository
    /// read-only, and archiving off (so it can never write into the repository it came from).
    /// </summary>
    public Plan StartScratch(string name, IReadOnlyList<string> restoreOptions) =>
        RestoreInto(name, ["--tmpfs", $"/var/lib/postgresql/data:uid=10004,gid=10004,mode=0700,size={settings.ScratchSize}"], restoreOptions);

    /// <summary>The same restore into a Docker volume: what <see cref="DatabaseRestore"/> later puts in place of the live data.</summary>
    public Plan StartRestoreInto(string name, string volume, IReadOnlyList<string> restoreOptions) =>
        RestoreInto(name, ["--mount", $"type=volume,source={volume},target=/var/lib/postgresql/data"], restoreOptions);

    Plan RestoreInto(string name, IReadOnlyList<string> dataMount, IReadOnlyList<string> restoreOptions) => settings.PassphraseFile.Length == 0
        ? throw new BackupException("A restore needs the repository passphrase file (DatabaseBackupSettings.PassphraseFile), written from PAZPAZ_BACKUP_PASSPHRASE.")
        : new($"Restore into {name}",
    [
        Step.Run("Start a container that restores and then runs the copy",
        [
            "docker", "run", "--detach", "--name", name, "--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--label", "org.pazpaz.scratch=restore", "--user", "10004:10004", "--pids-limit", "256",
            "--tmpfs", "/tmp:size=64m", .. dataMount,
            "--mount", $"type=volume,source={settings.RepositoryVolume},target=/var/lib/pgbackrest,readonly",
            "--mount", $"type=bind,source={settings.PassphraseFile},target=/run/secrets/backup-passphrase,readonly",
            "--env", "PAZPAZ_BACKUP_PASSPHRASE_FILE=/run/secrets/backup-passphrase",
            settings.Image, "restore", NearRepository, .. restoreOptions,
        ]),
    ]);

    /// <summary>A clean shutdown (a checkpoint), so the restored volume starts without recovery in its new place.</summary>
    public Plan StopScratch(string name) => new($"Stop {name}", [Step.Run("Shut the restored copy down cleanly", "docker", "stop", "--time", "120", name)]);

    /// <summary>Which volume holds the live data directory.</summary>
    public Step DataVolume() => Step.Run("Which volume holds the live data?", "docker", "inspect", "--format",
        "{{range .Mounts}}{{if eq .Destination \"/var/lib/postgresql/data\"}}{{.Name}}{{end}}{{end}}", settings.Container);

    public Plan CreateVolume(string volume) => new($"Create {volume}", [Step.Run($"Create the volume {volume}", "docker", "volume", "create", "--label", "org.pazpaz.restore=1", volume)]);

    public Plan StopLive() => new("Stop the live database", [Step.Run($"Stop {settings.Container} (a clean shutdown)", "docker", "stop", "--time", "120", settings.Container)]);

    public Plan StartLive() => new("Start the live database", [Step.Run($"Start {settings.Container}", "docker", "start", settings.Container)]);

    public Step LiveReady() => Step.Run("Does the live database answer?", "docker", "exec", settings.Container, "pg_isready", "-h", "/tmp", "-U", "postgres", "-q");

    /// <summary>
    /// Copies a data directory between volumes as the postgres user (owners and modes kept). The target is mounted where
    /// the image has an empty 0700 directory of that user, so a new volume is seeded with the right owner.
    /// <paramref name="replace"/> empties the target first.
    /// </summary>
    public Plan CopyData(string from, string to, bool replace, string why) => new(why,
    [
        Step.Run(why, "docker", "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--user", "10004:10004", "--entrypoint", "bash",
            "--mount", $"type=volume,source={from},target=/mnt/from,readonly",
            "--mount", $"type=volume,source={to},target=/var/lib/postgresql/data",
            settings.Image, "-c", (replace ? "find /var/lib/postgresql/data -mindepth 1 -delete && " : "") + "cp -a /mnt/from/. /var/lib/postgresql/data/") with { Timeout = settings.RestoreTimeout },
    ]);

    /// <summary>
    /// The restored copy was promoted with archiving off, so its new timeline's history file was never marked for the
    /// archiver. Marked now, the live database pushes it on start: a later point-in-time restore on this timeline needs it.
    /// </summary>
    public Plan MarkTimelineHistoryForArchiving(string volume) => new("Mark the new timeline's history for archiving",
    [
        Step.Run("Mark timeline history files that were never archived", "docker", "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--user", "10004:10004", "--entrypoint", "bash",
            "--mount", $"type=volume,source={volume},target=/var/lib/postgresql/data", settings.Image, "-c",
            "cd /var/lib/postgresql/data/pg_wal && for h in *.history; do [ -e \"$h\" ] || continue; [ -e \"archive_status/$h.done\" ] || touch \"archive_status/$h.ready\"; done"),
    ]);

    public Plan RemoveVolume(string volume) => new($"Remove {volume}", [Step.Run($"Remove the volume {volume}", "docker", "volume", "rm", volume)]);

    /// <summary>Succeeds once the copy has restored, replayed its WAL and been promoted (out of recovery).</summary>
    public Step ScratchPromoted(string name) => Step.Run("Has the copy been promoted?",
        "docker", "exec", name, "bash", "-c", "[ \"$(psql -h /tmp -U postgres -d postgres -qAtc 'SELECT pg_is_in_recovery()')\" = f ]");

    /// <summary>The critical tables' counts and hashes in <paramref name="container"/> (a restored copy, or the live one after a restore).</summary>
    public Step CensusIn(string container) => new("Count and hash the critical tables", Psql(container, settings.Database, TableCensus.Query(settings.CriticalTables)), Timeout: TimeSpan.FromMinutes(10));

    public Step ScratchCanaries(string name) => new("Which canaries did the copy keep?", Psql(name, "postgres", $"SELECT token FROM {CanaryTable} ORDER BY token"));

    public Step ScratchAlive(string name) => Step.Run("Is the scratch copy still running?", "docker", "inspect", "--format", "{{.State.Status}}", name);

    public Plan RemoveScratch(string name) => new($"Remove scratch {name}", [Step.Run("Remove the scratch copy and its memory-backed data", "docker", "rm", "--force", "--volumes", name)]);

    public static string RestorePointFor(DateTimeOffset at) => "pazpaz-census-" + at.ToUniversalTime().ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
}
