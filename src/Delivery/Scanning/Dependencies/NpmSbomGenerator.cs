using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Dependencies;

/// <summary>Where @cyclonedx/cyclonedx-npm is installed (the build's tool folder, never committed), which version, and which npm project it describes.</summary>
public sealed record NpmSbomSettings(AbsolutePath ToolDirectory, string ProjectDirectory = "src/services/web", string Version = "6.0.1")
{
    public const string Package = "@cyclonedx/cyclonedx-npm";

    public NpmTool Tool => new(ToolDirectory, Package, Version, "bin/cyclonedx-npm-cli.js");
}

/// <summary>
/// The web app's SBOM from its package-lock.json alone (<c>--package-lock-only</c>: no node_modules needed), dev dependencies
/// included since they build what ships; components flattened and the output reproducible (no timestamp or serial number).
/// </summary>
public sealed class NpmSbomGenerator(NpmSbomSettings settings) : ISbomGenerator
{
    public string Name => "sbom-npm";

    public string FileName => "web-npm.cdx.json";

    public async Task<SbomResult> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var project = target.RootDirectory / settings.ProjectDirectory;
        if (!File.Exists(project / "package-lock.json"))
            return SbomResult.NotAvailable(Name, $"there is no {settings.ProjectDirectory}/package-lock.json to describe");
        if (RequiredTools.Missing("node", "npm") is { } missing)
            return SbomResult.NotAvailable(Name, missing);

        var tool = settings.Tool;
        var file = target.SbomDirectory / FileName;
        try
        {
            progress($"installing {NpmSbomSettings.Package}@{settings.Version} into {settings.ToolDirectory}");
            await tool.EnsureInstalledAsync();
            cancellationToken.ThrowIfCancellationRequested();
            target.SbomDirectory.CreateDirectory();
            progress($"cyclonedx-npm {settings.ProjectDirectory} -> {target.RootDirectory.GetUnixRelativePathTo(file)}");
            await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("node"),
                [tool.Cli, "--package-lock-only", "--output-format", "JSON", "--spec-version", "1.6", "--flatten-components", "--output-reproducible",
                 "--output-file", file, project / "package.json"],
                new ProcessOptions { WorkingDirectory = project, LogOutput = false, Timeout = TimeSpan.FromMinutes(3) });
            return SbomResult.Written(Name, file, CycloneDxDocument.Read(file));
        }
        catch (Exception e) when (e is ProcessException or InvalidOperationException or JsonException or FormatException or IOException)
        {
            return SbomResult.Failed(Name, e.Message);
        }
    }
}
