using BuildEngine.IO;

namespace Delivery.Images;

/// <summary>An image this repository builds: a folder with a Dockerfile under <c>src/images</c> or <c>src/services</c>.</summary>
public sealed record ImageDefinition(string Name, AbsolutePath Context, string Dockerfile = "Dockerfile")
{
    public string Repository => $"pazpaz/{Name}";

    /// <summary>Every image folder, by name; <c>src/images/base</c> holds the base's bootstrap, not a Dockerfile.</summary>
    public static IReadOnlyList<ImageDefinition> Discover(AbsolutePath root) =>
        new[] { root / "src" / "images", root / "src" / "services" }
            .Where(d => d.DirectoryExists())
            .SelectMany(d => Directory.GetDirectories(d))
            .Select(d => AbsolutePath.Create(d))
            .Where(d => (d / "Dockerfile").FileExists())
            .Select(d => new ImageDefinition(d.Name, d))
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
}

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
