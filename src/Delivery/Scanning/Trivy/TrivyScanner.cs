using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Trivy;

/// <summary>
/// Runs <c>trivy image</c> on every built image (vulnerabilities and secrets) and <c>trivy config</c> on the repository
/// (Dockerfile misconfigurations; Trivy has no compose checks), keeping each raw JSON report under the scan folder.
/// Findings are not filtered here: severities and the ignore file are the gate's business, so trivy gets no
/// <c>--severity</c>, <c>--ignore-unfixed</c> or <c>--ignorefile</c>.
/// </summary>
public sealed class TrivyScanner(TrivySettings settings) : IScanner
{
    public const string NotInstalled = "trivy is not installed here (not in Debian, downloads blocked); CI installs it with a SHA-pinned action";

    public TrivyScanner() : this(new TrivySettings())
    {
    }

    public string Name => TrivyReport.Scanner;

    public async Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        if (settings.ToolPath is { } configured && !File.Exists(configured))
            return ScannerResult.NotAvailable(Name, $"trivy is not at '{configured}', the path it was given");
        if ((settings.ToolPath ?? OnPath()) is not { } trivy)
            return ScannerResult.NotAvailable(Name, NotInstalled);

        target.ScanDirectory.CreateDirectory();
        var findings = new List<Finding>();
        try
        {
            foreach (var image in target.Images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress($"trivy image {image.Reference}");
                var report = target.ScanDirectory / $"trivy-image-{image.Name}.json";
                await RunAsync(trivy, ["image", "--format", "json", "--quiet", "--output", report, image.Reference], target.RootDirectory);
                findings.AddRange(TrivyReport.Parse(report.ReadAllText(), image.Reference));
            }

            cancellationToken.ThrowIfCancellationRequested();
            progress($"trivy config {target.RootDirectory}");
            var config = target.ScanDirectory / "trivy-config.json";
            await RunAsync(trivy,
                ["config", "--format", "json", "--quiet", "--output", config, .. settings.ConfigSkipDirs.SelectMany(d => new[] { "--skip-dirs", d }), target.RootDirectory],
                target.RootDirectory);
            findings.AddRange(TrivyReport.Parse(config.ReadAllText(), location: null));
        }
        catch (ProcessException e)
        {
            return ScannerResult.Failed(Name, e.Message);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            return ScannerResult.Failed(Name, $"its report could not be read: {e.Message}");
        }

        return ScannerResult.Ran(Name, findings, $"{target.Images.Count} image(s) and the repository's Dockerfiles");
    }

    static string? OnPath()
    {
        try
        {
            return ProcessTasks.ResolveTool("trivy");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    Task<ProcessResult> RunAsync(string trivy, IEnumerable<string> arguments, AbsolutePath root) =>
        ProcessTasks.StartProcessAsync(trivy, arguments, new ProcessOptions { WorkingDirectory = root, Timeout = settings.Timeout, LogOutput = false });
}
