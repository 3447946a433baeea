using System.Globalization;

namespace Delivery.Edge;

/// <summary>
/// What the certificate volumes and the proxy look like right now; <see cref="CertificatePlanner"/> plans from it.
/// Read by <c>pazpaz-certificate-state</c> in the certbot image (one <c>key=value</c> a line) and <c>docker inspect</c>.
/// </summary>
public sealed record CertificateState(
    bool VolumesReady,
    bool Installed,
    bool ExpiresSoon,
    bool SelfSigned,
    bool LineageExists,
    IReadOnlyList<string> LineageDomains,
    string? LineageServer,
    bool ReloadPending,
    bool ProxyRunning)
{
    /// <summary>When the installed certificate expires; null when none is installed (or the image predates the key).</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Fresh volumes and no proxy: what a first run on a new host sees.</summary>
    public static CertificateState Empty { get; } = new(true, false, true, false, false, [], null, false, false);

    static readonly string[] Keys = ["volumes-ready", "installed", "expires-soon", "self-signed", "lineage", "lineage-domains", "lineage-server", "reload-pending"];

    public static CertificateState Parse(string output, bool proxyRunning)
    {
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        var missing = Keys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"pazpaz-certificate-state did not report {string.Join(", ", missing)} (is the certbot image older than this build? Rebuild it with ./build.sh DockerBuild). Output: {output.Trim()}");
        bool Yes(string key) => values[key] == "yes";
        return new CertificateState(Yes("volumes-ready"), Yes("installed"), Yes("expires-soon"), Yes("self-signed"), Yes("lineage"),
            values["lineage-domains"].Split(',', StringSplitOptions.RemoveEmptyEntries), values["lineage-server"] is { Length: > 0 } server ? server : null,
            Yes("reload-pending"), proxyRunning)
        {
            NotAfter = values.TryGetValue("not-after", out var notAfter) && long.TryParse(notAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null,
        };
    }
}
