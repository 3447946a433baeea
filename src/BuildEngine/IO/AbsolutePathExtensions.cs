using System.Text;

namespace BuildEngine.IO;

public static class AbsolutePathExtensions
{
    static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static bool Exists(this AbsolutePath path) => path.FileExists() || path.DirectoryExists();
    public static bool FileExists(this AbsolutePath path) => File.Exists(path);
    public static bool DirectoryExists(this AbsolutePath path) => Directory.Exists(path);

    public static AbsolutePath CreateDirectory(this AbsolutePath path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    public static AbsolutePath CreateOrCleanDirectory(this AbsolutePath path)
    {
        path.DeleteDirectory();
        return path.CreateDirectory();
    }

    public static void DeleteDirectory(this AbsolutePath path)
    {
        if (path.DirectoryExists())
            Directory.Delete(path, recursive: true);
    }

    public static void DeleteFile(this AbsolutePath path)
    {
        if (path.FileExists())
            File.Delete(path);
    }

    public static string ReadAllText(this AbsolutePath path) => File.ReadAllText(path);

    /// <summary>Writes UTF-8 without a BOM, creating the folder; through a temporary file so readers never see half a file.</summary>
    public static void WriteAllText(this AbsolutePath path, string content)
    {
        path.Parent?.CreateDirectory();
        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content, Utf8NoBom);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Files below the folder whose relative path matches the glob (<c>*</c>, <c>**</c>, <c>?</c>).</summary>
    public static IReadOnlyList<AbsolutePath> GlobFiles(this AbsolutePath directory, string pattern)
    {
        if (!directory.DirectoryExists())
            return [];
        var matcher = Glob.ToRegex(pattern);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => AbsolutePath.Create(f))
            .Where(f => matcher.IsMatch(directory.GetUnixRelativePathTo(f)))
            .OrderBy(f => (string)f, StringComparer.Ordinal)
            .ToList();
    }

    public static string GetRelativePathTo(this AbsolutePath from, AbsolutePath to) => Path.GetRelativePath(from, to);

    public static string GetUnixRelativePathTo(this AbsolutePath from, AbsolutePath to) => from.GetRelativePathTo(to).Replace('\\', '/');
}
