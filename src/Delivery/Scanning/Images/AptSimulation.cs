using System.Text.RegularExpressions;

namespace Delivery.Scanning.Images;

/// <summary>
/// One upgrade of an installed package that <c>apt-get -s dist-upgrade</c> would make, and the releases (archives) its
/// new version comes from: <c>Inst libzstd1 [1.5.7+dfsg-1] (1.5.7+dfsg-1+deb13u1 Debian-Security:13/stable-security [amd64])</c>.
/// </summary>
public sealed record AptUpgrade(string Package, string InstalledVersion, string CandidateVersion, IReadOnlyList<string> Releases, string Architecture)
{
    /// <summary>From a <c>-security</c> archive (<c>Debian-Security:13/stable-security</c>): a fix the security team published.</summary>
    public bool FromSecuritySuite => Releases.Any(r => r[(r.LastIndexOf('/') + 1)..].EndsWith("-security", StringComparison.Ordinal));
}

/// <summary>Reads what <c>apt-get -s</c> (simulate) prints; only upgrades of installed packages, never new installs or removals.</summary>
public static partial class AptSimulation
{
    public static IReadOnlyList<AptUpgrade> ParseUpgrades(string output) =>
        output.Replace("\r\n", "\n").Split('\n')
            .Select(line => Upgrade().Match(line.TrimEnd()))
            .Where(m => m.Success)
            .Select(m => new AptUpgrade(
                m.Groups["package"].Value,
                m.Groups["installed"].Value,
                m.Groups["candidate"].Value,
                m.Groups["releases"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                m.Groups["arch"].Value))
            .ToList();

    // A package of a foreign architecture is printed as name:arch; the trailing "[]" lists packages the upgrade breaks.
    [GeneratedRegex(@"^Inst (?<package>[^\s:]+)(:\S+)? \[(?<installed>[^\]]+)\] \((?<candidate>\S+) (?<releases>.+) \[(?<arch>[^\]]+)\]\)( \[.*\])?$")]
    private static partial Regex Upgrade();
}
