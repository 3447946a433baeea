namespace Delivery.Backup;

/// <summary>
/// Where an environment's database and its backup repository are. pgBackRest runs inside the postgres container
/// (it archives WAL from there); a restore runs in a scratch container of the same image with the repository mounted
/// read-only.
/// </summary>
public sealed record DatabaseBackupSettings
{
    public required string Environment { get; init; }

    /// <summary>The running postgres container (<c>&lt;project&gt;-postgres-1</c>).</summary>
    public required string Container { get; init; }

    /// <summary>The postgres image, for scratch restores.</summary>
    public required string Image { get; init; }

    /// <summary>The Docker volume holding the near repository (mounted read-only into scratch restores).</summary>
    public required string RepositoryVolume { get; init; }

    /// <summary>
    /// The host file holding the repository passphrase, mounted into scratch restores (the engine never reads it).
    /// Backups do not need it: pgBackRest in the postgres container has its own copy.
    /// </summary>
    public string PassphraseFile { get; init; } = "";

    public string Stanza { get; init; } = "pazpaz";

    public string Database { get; init; } = "pazpaz";

    /// <summary>Tables counted and hashed at each backup and compared after each drill: patient-facing data first.</summary>
    public IReadOnlyList<string> CriticalTables { get; init; } = ["appointments", "alembic_version"];

    /// <summary>The memory-backed scratch data directory's size limit (the restored copy is PHI: it never touches a disk).</summary>
    public string ScratchSize { get; init; } = "2g";

    public TimeSpan BackupTimeout { get; init; } = TimeSpan.FromHours(2);

    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
