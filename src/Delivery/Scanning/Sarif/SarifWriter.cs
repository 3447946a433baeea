using System.Text.Encodings.Web;
using System.Text.Json;
using BuildEngine.IO;
using Delivery.Images;
using Delivery.Scanning.Gate;

namespace Delivery.Scanning.Sarif;

/// <summary>
/// Writes <c>&lt;scanner&gt;.sarif</c> into the scan folder for every scanner that ran, even with no findings, so that
/// code scanning closes alerts that are gone. A scanner that did not run or failed gets no file: an empty log would
/// close its open alerts without anything having been checked.
/// </summary>
public static class SarifWriter
{
    // Relaxed escaping keeps quotes and '+' readable in the file; the output is still plain, valid JSON.
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<AbsolutePath> Write(ScanVerdict verdict, AbsolutePath scanDirectory, IReadOnlyDictionary<string, string> imageDockerfiles)
    {
        scanDirectory.CreateDirectory();
        var written = new List<AbsolutePath>();
        foreach (var result in verdict.Results.Where(r => r.Status == ScannerStatus.Ran))
        {
            var log = SarifLog.Build(result.Scanner, verdict.Findings.Where(f => f.Finding.Scanner == result.Scanner), verdict.Settings, imageDockerfiles);
            var file = scanDirectory / $"{FileName(result.Scanner)}.sarif";
            file.WriteAllText(log.ToJsonString(Indented) + "\n");
            written.Add(file);
        }
        return written;
    }

    /// <summary>Each scanned image's reference → its Dockerfile relative to the repository root, matched by image name.</summary>
    public static IReadOnlyDictionary<string, string> DockerfilesOf(ScanTarget target, IEnumerable<ImageDefinition> definitions)
    {
        var byName = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        return target.Images
            .Where(i => byName.ContainsKey(i.Name))
            .ToDictionary(i => i.Reference, i => target.RootDirectory.GetUnixRelativePathTo(byName[i.Name].Context / byName[i.Name].Dockerfile), StringComparer.Ordinal);
    }

    static string FileName(string scanner) =>
        new(scanner.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
}
