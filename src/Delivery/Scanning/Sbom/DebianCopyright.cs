namespace Delivery.Scanning.Sbom;

/// <summary>
/// The licenses a machine-readable Debian copyright file (DEP-5, <c>/usr/share/doc/&lt;package&gt;/copyright</c>) names
/// for its files. A free-form copyright file has no reliable license field, so it gives none rather than a guess.
/// </summary>
public static class DebianCopyright
{
    public static IReadOnlyList<string> Licenses(string copyright)
    {
        var lines = copyright.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("Format:", StringComparison.OrdinalIgnoreCase) || !lines[0].Contains("copyright-format", StringComparison.Ordinal))
            return [];
        var licenses = new List<string>();
        var inFilesParagraph = false;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
                inFilesParagraph = false;
            else if (line.StartsWith("Files:", StringComparison.OrdinalIgnoreCase))
                inFilesParagraph = true;
            // Only a Files paragraph's License line applies to files; a stand-alone License paragraph spells out a text.
            else if (inFilesParagraph && line.StartsWith("License:", StringComparison.OrdinalIgnoreCase) && line[8..].Trim() is { Length: > 0 } license)
                licenses.Add(license);
        }
        return licenses.Distinct(StringComparer.Ordinal).ToList();
    }
}
