using Delivery.Scanning;
using Delivery.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Trivy;

/// <summary>
/// Trivy reports in the layout Trivy 0.5x writes (SchemaVersion 2, modelled on the golden files of Trivy's own
/// integration tests). The api image report holds a HIGH vulnerability with a fix (CVE-2025-8194), a CRITICAL one
/// Debian will not fix (CVE-2023-45853) and a LOW one (CVE-2011-3374); package versions are illustrative.
/// </summary>
static class TrivyFixtures
{
    public const string ApiImage = "pazpaz/api:0.1.0-1";

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Scanning", "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    public static IReadOnlyList<Finding> ApiImageFindings => TrivyReport.Parse(Read("trivy-image-api.json"), ApiImage);

    public static IReadOnlyList<Finding> ConfigFindings => TrivyReport.Parse(Read("trivy-config.json"), location: null);

    /// <summary>What <see cref="TrivyScanner"/> would return for the api image and the repository's Dockerfiles.</summary>
    public static ScannerResult Ran => ScannerResult.Ran(TrivyReport.Scanner, [.. ApiImageFindings, .. ConfigFindings]);
}
