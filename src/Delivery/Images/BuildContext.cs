using System.Formats.Tar;
using BuildEngine.IO;

namespace Delivery.Images;

/// <summary>
/// The tar stream the Engine API builds from: the context folder minus what <c>.dockerignore</c> excludes, in a stable
/// order with fixed times and owners, so the same sources always give the same context (and the same cache hits).
/// </summary>
public static class BuildContext
{
    static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    public static IReadOnlyList<string> Files(AbsolutePath directory, string dockerfile = "Dockerfile")
    {
        var ignoreFile = directory / ".dockerignore";
        var ignore = ignoreFile.FileExists() ? DockerIgnore.Parse(ignoreFile.ReadAllText()) : DockerIgnore.None;
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => directory.GetUnixRelativePathTo(AbsolutePath.Create(f)))
            // The daemon needs the Dockerfile even when .dockerignore lists it, as the docker CLI also sends it.
            .Where(f => f == dockerfile || f == ".dockerignore" || !ignore.IsExcluded(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Writes the context as tar, plus shared repository folders (under their relative path) and any generated files
    /// (name, content) that exist only for the build.
    /// </summary>
    public static MemoryStream CreateArchive(AbsolutePath directory, IReadOnlyDictionary<string, byte[]>? extraFiles = null, string dockerfile = "Dockerfile",
        IReadOnlyList<SharedFolder>? sharedFolders = null)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in Files(directory, dockerfile))
                WriteFile(tar, file, directory / file);
            foreach (var folder in sharedFolders ?? [])
            {
                foreach (var file in Directory.EnumerateFiles(folder.Source, "*", SearchOption.AllDirectories).Select(f => folder.Source.GetUnixRelativePathTo(AbsolutePath.Create(f))).Order(StringComparer.Ordinal))
                    WriteFile(tar, $"{folder.ArchivePath}/{file}", folder.Source / file);
            }
            foreach (var (name, content) in extraFiles ?? new Dictionary<string, byte[]>())
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    ModificationTime = FixedTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(content),
                });
            }
        }
        stream.Position = 0;
        return stream;
    }

    static void WriteFile(TarWriter tar, string name, AbsolutePath path)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            ModificationTime = FixedTime,
            Mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead : File.GetUnixFileMode(path),
            Uid = 0,
            Gid = 0,
            DataStream = File.OpenRead(path),
        };
        tar.WriteEntry(entry);
        entry.DataStream.Dispose();
    }
}
