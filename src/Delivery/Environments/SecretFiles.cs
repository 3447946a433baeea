using BuildEngine.IO;

namespace Delivery.Environments;

/// <summary>
/// Writes the file-backed compose secrets (compose/compose.yaml <c>secrets:</c>) on a tmpfs, so a value is never on a
/// disk: Compose's <c>environment:</c> secrets cannot be used with read-only containers (docker/compose#12303) and would
/// land in the container's writable layer. Needs a local engine (the file is bind-mounted from the engine's host).
/// The directory is 0700 (only the deploying user on the host); the file is 0444 because each container reads it as
/// its own non-root uid through the bind mount, and only postgres and the api mount it.
/// </summary>
public static class SecretFiles
{
    public const string DatabasePasswordFileVariable = "PAZPAZ_DATABASE_PASSWORD_FILE";
    const string DatabasePasswordFile = "db-password";
    public const string BackupPassphraseFileVariable = "PAZPAZ_BACKUP_PASSPHRASE_FILE";
    public const string BackupPassphraseFile = "backup-passphrase";

    /// <summary><c>/run/pazpaz/&lt;project&gt;</c> where /run is a tmpfs (Debian hosts), else <c>/dev/shm/pazpaz/&lt;project&gt;</c>.</summary>
    public static AbsolutePath DefaultDirectory(string composeProject) =>
        (IsOnTmpfs(AbsolutePath.Create("/run")) ? AbsolutePath.Create("/run") : AbsolutePath.Create("/dev/shm")) / "pazpaz" / composeProject;

    /// <summary>Writes each file-backed secret and returns the compose variables naming the files.</summary>
    public static IReadOnlyDictionary<string, string> Write(SecretValues values, AbsolutePath directory)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Secret files are written on a Linux tmpfs next to the Docker engine.");
        if (!IsOnTmpfs(directory))
            throw new EnvironmentConfigurationException($"'{directory}' is not on a tmpfs: secret files must live in memory only. " +
                "Use a directory under /run or /dev/shm (SecretFiles.DefaultDirectory picks one).");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        WriteOne(directory, DatabasePasswordFile, values.Reveal(SecretNames.DatabasePassword));
        if (values.RevealOrNull(SecretNames.BackupPassphrase) is { } passphrase)
            WriteOne(directory, BackupPassphraseFile, passphrase);
        return Paths(values, directory);
    }

    /// <summary>The compose variables <see cref="Write"/> returns, without writing anything (a dry run); a missing secret fails the same way.</summary>
    public static IReadOnlyDictionary<string, string> Paths(SecretValues values, AbsolutePath directory)
    {
        _ = values.Reveal(SecretNames.DatabasePassword);
        var variables = new Dictionary<string, string> { [DatabasePasswordFileVariable] = directory / DatabasePasswordFile };
        if (values.RevealOrNull(SecretNames.BackupPassphrase) is not null)
            variables[BackupPassphraseFileVariable] = directory / BackupPassphraseFile;
        return variables;
    }

    /// <summary>Temp file then rename: a container starting meanwhile reads the old value or the new one, never half.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static void WriteOne(AbsolutePath directory, string name, string value)
    {
        var target = directory / name;
        var temporary = directory / $".{name}.{Guid.NewGuid():N}";
        using (var stream = new FileStream(temporary, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(stream))
            writer.Write(value);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, target, overwrite: true);
    }

    public static void Remove(AbsolutePath directory)
    {
        if (directory.DirectoryExists())
            Directory.Delete(directory, recursive: true);
    }

    /// <summary>Whether the deepest mount holding <paramref name="path"/> is a tmpfs or ramfs (from /proc/self/mounts).</summary>
    public static bool IsOnTmpfs(AbsolutePath path)
    {
        const string mounts = "/proc/self/mounts";
        if (!File.Exists(mounts))
            return false;
        var best = (Point: "", Type: "");
        foreach (var line in File.ReadLines(mounts))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
                continue;
            var point = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = point == "/" || path.ToString() == point || path.ToString().StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && point.Length >= best.Point.Length)
                best = (point, fields[2]);
        }
        return best.Type is "tmpfs" or "ramfs";
    }
}
