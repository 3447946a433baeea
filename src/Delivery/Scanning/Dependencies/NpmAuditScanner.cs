using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Dependencies;

/// <summary>The npm project to audit, relative to the repository root, and the registry to ask (null: npm's configured one).</summary>
public sealed record NpmAuditSettings(string ProjectDirectory = "src/services/web", string? Registry = null);

/// <summary>
/// Known vulnerabilities in an npm project's locked dependencies, from <c>npm audit --json --package-lock-only</c>: it reads
/// package-lock.json alone (no node_modules needed) and asks the registry's advisory endpoint.
/// </summary>
public sealed class NpmAuditScanner(NpmAuditSettings settings) : IScanner
{
    public string Name => NpmAuditReport.Scanner;

    public async Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var project = target.RootDirectory / settings.ProjectDirectory;
        var lockfile = project / "package-lock.json";
        if (!File.Exists(lockfile))
            return ScannerResult.NotAvailable(Name, $"there is no {settings.ProjectDirectory}/package-lock.json to audit (create it with 'npm install --package-lock-only')");
        if (RequiredTools.Missing("npm") is { } missing)
            return ScannerResult.NotAvailable(Name, missing);

        progress($"npm audit --package-lock-only in {settings.ProjectDirectory}");
        ProcessResult run;
        try
        {
            run = await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("npm"),
                ["audit", "--json", "--package-lock-only", .. settings.Registry is null ? Array.Empty<string>() : ["--registry", settings.Registry]],
                new ProcessOptions { WorkingDirectory = project, AssertZeroExitCode = false, LogOutput = false, Timeout = TimeSpan.FromMinutes(3) });
        }
        catch (ProcessException e)
        {
            return ScannerResult.Failed(Name, e.Message);
        }

        var output = run.StandardOutput;
        try
        {
            if (output.Trim().Length == 0)
                return ScannerResult.Failed(Name, $"npm audit exited with code {run.ExitCode} and wrote no JSON: {string.Join(" | ", run.Output.TakeLast(5).Select(o => o.Text))}");
            if (NpmAuditError.TryParse(output) is { } error)
            {
                return error.RegistryServesNoAdvisories
                    ? ScannerResult.NotAvailable(Name, $"the npm registry serves no advisories (its audit endpoint answered {error.StatusCode}): {error.Message}")
                    : ScannerResult.Failed(Name, $"npm audit got no advisories: {error.Message}");
            }
            var report = NpmAuditReport.Parse(output, await File.ReadAllTextAsync(lockfile, cancellationToken), target.RootDirectory.GetUnixRelativePathTo(lockfile));
            return ScannerResult.Ran(Name, report.Findings, $"{report.Dependencies} locked dependencies audited");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return ScannerResult.Failed(Name, $"npm audit (exit code {run.ExitCode}) wrote a report this parser cannot read: {e.Message}");
        }
    }
}
