using Delivery.Registry;

namespace Delivery.Deployment;

/// <summary>
/// What a deploy puts in place: the version and an image reference per service (<c>repo@sha256:…</c> from a push,
/// or a local tag in development). Promotion is by digest, so a reference is never re-resolved on the way to prod.
/// </summary>
public sealed record Release(string Version, IReadOnlyDictionary<string, string> Images)
{
    public static readonly string[] Services = ["api", "web", "proxy", "postgres", "redis"];

    public string Api => Image("api");

    public string Image(string service) => Images.TryGetValue(service, out var reference)
        ? reference
        : throw new DeploymentException($"The release {Version} has no '{service}' image; it needs {string.Join(", ", Services)}. Push them all (./build.sh Push) and deploy that images.json.");

    /// <summary>True for <c>repo@sha256:…</c>: pulled (the registry is asked) unless already present.</summary>
    public static bool IsDigest(string reference) => reference.Contains("@sha256:", StringComparison.Ordinal);

    public static Release From(ImagesManifest manifest) =>
        new(manifest.Version, manifest.Images.ToDictionary(i => i.Name, i => i.Reference));

    /// <summary>The compose variables naming every image; the api slots are set by the deploy (one keeps its image).</summary>
    public IReadOnlyDictionary<string, string> ComposeImages(string blueImage, string greenImage) => new Dictionary<string, string>
    {
        ["PAZPAZ_PROXY_IMAGE"] = Image("proxy"),
        ["PAZPAZ_WEB_IMAGE"] = Image("web"),
        ["PAZPAZ_POSTGRES_IMAGE"] = Image("postgres"),
        ["PAZPAZ_REDIS_IMAGE"] = Image("redis"),
        ["PAZPAZ_MIGRATE_IMAGE"] = Api,
        ["PAZPAZ_API_BLUE_IMAGE"] = blueImage,
        ["PAZPAZ_API_GREEN_IMAGE"] = greenImage,
    };
}

public sealed class DeploymentException(string message) : Exception(message);
