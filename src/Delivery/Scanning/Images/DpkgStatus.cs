namespace Delivery.Scanning.Images;

/// <summary>
/// Reads dpkg's database (<c>/var/lib/dpkg/status</c>, and the per-package files of <c>status.d/</c> that distroless
/// images use): deb822 paragraphs, of which only those dpkg reports as installed count.
/// </summary>
public static class DpkgStatus
{
    /// <summary>The installed packages, in the order they appear.</summary>
    /// <remarks>
    /// Installed means the Status field's state is <c>installed</c> with no error flag (<c>install ok installed</c>, or
    /// <c>hold ok installed</c> for a held package). Removed packages whose configuration remains (<c>deinstall ok
    /// config-files</c>) and half-installed ones are not installed. Without a Status field (some status.d files) a
    /// paragraph describes an installed package, as it does there.
    /// </remarks>
    public static IReadOnlyList<DpkgPackage> Parse(string text) =>
        Paragraphs(text).Select(ToPackage).OfType<DpkgPackage>().ToList();

    static DpkgPackage? ToPackage(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("Package", out var name) || !fields.TryGetValue("Version", out var version))
            return null;
        if (fields.TryGetValue("Status", out var status) && !IsInstalled(status))
            return null;
        var (source, sourceVersion) = fields.TryGetValue("Source", out var sourceField) ? SplitSource(sourceField, version) : (name, version);
        return new DpkgPackage(name, version, fields.GetValueOrDefault("Architecture", "all"), source, sourceVersion);
    }

    static bool IsInstalled(string status) =>
        status.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "ok", "installed"];

    /// <summary>"openssl (3.5.1-1)" when the binary's version differs from its source's (a binNMU), else just the name.</summary>
    static (string Name, string Version) SplitSource(string field, string binaryVersion)
    {
        var open = field.IndexOf('(', StringComparison.Ordinal);
        return open < 0
            ? (field.Trim(), binaryVersion)
            : (field[..open].Trim(), field[(open + 1)..].TrimEnd(')', ' '));
    }

    static IEnumerable<IReadOnlyDictionary<string, string>> Paragraphs(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                if (fields.Count > 0)
                    yield return fields;
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                last = null;
            }
            else if (raw[0] is ' ' or '\t')
            {
                // A continuation line (Description, Conffiles): part of the field above, never a field of its own.
                if (last is not null)
                    fields[last] += "\n" + raw.Trim();
            }
            else if (raw.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                last = raw[..colon];
                fields[last] = raw[(colon + 1)..].Trim();
            }
        }
        if (fields.Count > 0)
            yield return fields;
    }
}
