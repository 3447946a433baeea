using BuildEngine.IO;

namespace Delivery.Images;

/// <summary>An image this repository builds: a folder with a Dockerfile under <c>src/images</c> or <c>src/services</c>.</summary>
public sealed record ImageDefinition(string Name, AbsolutePath Context, string Dockerfile = "Dockerfile")
{
    /// <summary>Lists repository folders (one per line, relative to the root) that the image's context also carries.</summary>
    public const string SharedContextFile = "shared-context";

    public string Repository => $"pazpaz/{Name}";

    /// <summary>
    /// Repository folders added to the context under their own relative path, for configuration that lives at the top
    /// level because people edit it there (the proxy's <c>nginx/</c>).
    /// </summary>
    public IReadOnlyList<SharedFolder> SharedFolders { get; init; } = [];

    /// <summary>Every image folder, by name; <c>src/images/base</c> holds the base's bootstrap, not a Dockerfile.</summary>
    public static IReadOnlyList<ImageDefinition> Discover(AbsolutePath root) =>
        new[] { root / "src" / "images", root / "src" / "services" }
            .Where(d => d.DirectoryExists())
            .SelectMany(d => Directory.GetDirectories(d))
            .Select(d => AbsolutePath.Create(d))
            .Where(d => (d / "Dockerfile").FileExists())
            .Select(d => new ImageDefinition(d.Name, d) { SharedFolders = ReadSharedFolders(root, d) })
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

    static IReadOnlyList<SharedFolder> ReadSharedFolders(AbsolutePath root, AbsolutePath context)
    {
        var list = context / SharedContextFile;
        if (!list.FileExists())
            return [];
        return list.ReadAllText().Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(relative =>
            {
                var folder = root / relative;
                if (relative.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || !folder.DirectoryExists())
                    throw new InvalidOperationException($"{list}: '{relative}' is not a folder of this repository; list folders relative to {root}.");
                return new SharedFolder(relative.TrimEnd('/'), folder);
            })
            .ToList();
    }
}

/// <summary>A repository folder carried in an image's build context as <see cref="ArchivePath"/>.</summary>
public sealed record SharedFolder(string ArchivePath, AbsolutePath Source);

/// <summary>How a build is stamped: two tags and the OCI labels that tie an image to its commit.</summary>
public sealed record ImageVersion(string SemVer, string ShortSha, string Revision, string Source, DateTimeOffset Created)
{
    public IReadOnlyList<string> Tags(ImageDefinition image) => [$"{image.Repository}:{SemVer}", $"{image.Repository}:sha-{ShortSha}"];

    /// <summary>Offered to every Dockerfile; one that declares <c>ARG APP_VERSION</c> bakes it in (the api reports it).</summary>
    public IDictionary<string, string> BuildArgs => new Dictionary<string, string> { ["APP_VERSION"] = SemVer, ["APP_REVISION"] = Revision };

    public IDictionary<string, string> Labels => new Dictionary<string, string>
    {
        ["org.opencontainers.image.version"] = SemVer,
        ["org.opencontainers.image.revision"] = Revision,
        ["org.opencontainers.image.created"] = Created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["org.opencontainers.image.source"] = Source,
    };
}
