using System.Text.RegularExpressions;

namespace Delivery.Images;

/// <summary>The Debian mirrors this host's apt uses; the base image is bootstrapped from the same ones (never a hard-coded host).</summary>
public sealed partial record DebianMirror(string Archive, string Security)
{
    /// <summary>Reads one-line (<c>deb URL suite…</c>) and deb822 (<c>URIs: URL</c>) sources.</summary>
    public static DebianMirror FromAptSources(IEnumerable<string> sourceFileContents)
    {
        var uris = sourceFileContents
            .SelectMany(content => content.Split('\n'))
            .Select(line => line.Trim())
            .SelectMany(line => OneLine().Match(line) is { Success: true } one ? [one.Groups["uri"].Value]
                : Deb822().Match(line) is { Success: true } deb822 ? deb822.Groups["uris"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : Array.Empty<string>())
            .Select(uri => uri.TrimEnd('/'))
            .Distinct()
            .ToList();
        var archive = uris.FirstOrDefault(u => u.EndsWith("/debian", StringComparison.Ordinal))
                      ?? throw new InvalidOperationException("The host's apt sources name no Debian archive (a URI ending in /debian); the base image cannot be bootstrapped. Configure apt, or make debian:trixie-slim pullable.");
        var security = uris.FirstOrDefault(u => u.EndsWith("/debian-security", StringComparison.Ordinal)) ?? archive + "-security";
        return new DebianMirror(archive, security);
    }

    public static DebianMirror FromHost()
    {
        var files = new[] { "/etc/apt/sources.list" }
            .Concat(Directory.Exists("/etc/apt/sources.list.d") ? Directory.GetFiles("/etc/apt/sources.list.d") : [])
            .Where(File.Exists);
        return FromAptSources(files.Select(File.ReadAllText));
    }

    [GeneratedRegex(@"^deb\s+(\[[^\]]*\]\s+)?(?<uri>\S+)\s+\S+")]
    private static partial Regex OneLine();

    [GeneratedRegex(@"^URIs:\s*(?<uris>.+)$")]
    private static partial Regex Deb822();
}
