namespace BuildEngine.IO;

/// <summary>An immutable, normalised, rooted path. <c>root / "src" / "api"</c> combines; <c>path / ".."</c> is the parent.</summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    readonly string _path;

    AbsolutePath(string path) => _path = path;

    public static AbsolutePath Create(string path)
    {
        if (!Path.IsPathRooted(path))
            throw new ArgumentException($"Path '{path}' is not rooted; combine it with a base path, e.g. RootDirectory / \"{path}\".", nameof(path));
        return new AbsolutePath(Normalize(path));
    }

    /// <summary>Relative text is resolved against <paramref name="baseDirectory"/>; rooted text is taken as it is.</summary>
    public static AbsolutePath Resolve(string path, string baseDirectory) =>
        Create(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    public static explicit operator AbsolutePath(string path) => Create(path);
    public static implicit operator string(AbsolutePath path) => path._path;

    public static AbsolutePath operator /(AbsolutePath left, string right) =>
        new(Normalize(Path.Combine(left._path, right.TrimStart('/', '\\'))));

    /// <summary>Appends text to the last segment: <c>file + ".bak"</c>.</summary>
    public static AbsolutePath operator +(AbsolutePath left, string right) => new(left._path + right);

    public AbsolutePath? Parent => Path.GetDirectoryName(_path) is { } parent ? new AbsolutePath(parent) : null;
    public string Name => Path.GetFileName(_path);
    public string NameWithoutExtension => Path.GetFileNameWithoutExtension(_path);
    public string Extension => Path.GetExtension(_path);

    public bool Equals(AbsolutePath? other) => other is not null && string.Equals(_path, other._path, StringComparison.Ordinal);
    public override bool Equals(object? obj) => Equals(obj as AbsolutePath);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_path);
    public static bool operator ==(AbsolutePath? a, AbsolutePath? b) => a?.Equals(b) ?? b is null;
    public static bool operator !=(AbsolutePath? a, AbsolutePath? b) => !(a == b);
    public override string ToString() => _path;

    static string Normalize(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/');
        return full.Length > 1 && full.EndsWith('/') && !full.EndsWith(":/", StringComparison.Ordinal) ? full.TrimEnd('/') : full;
    }
}
