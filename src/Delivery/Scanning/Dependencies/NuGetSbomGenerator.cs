using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Dependencies;

/// <summary>Where the CycloneDX .NET tool is installed (a tool path in the build's temp folder, not a global tool), which version, and which solution it describes.</summary>
public sealed record NuGetSbomSettings(AbsolutePath ToolDirectory, string Solution = "PazPaz.Delivery.slnx", string Version = "6.3.1")
{
    public const string Package = "CycloneDX";

    public AbsolutePath Executable => ToolDirectory / (OperatingSystem.IsWindows() ? "dotnet-CycloneDX.exe" : "dotnet-CycloneDX");

    public bool IsInstalled => File.Exists(Executable) && Directory.Exists(ToolDirectory / ".store" / "cyclonedx" / Version);
}

/// <summary>
/// The NuGet package graph of every project in the solution (tests and build included: they run in CI with its secrets),
/// written by the CycloneDX .NET tool after its own restore.
/// </summary>
public sealed class NuGetSbomGenerator(NuGetSbomSettings settings) : ISbomGenerator
{
    public string Name => "sbom-nuget";

    public string FileName => "nuget.cdx.json";

    public async Task<SbomResult> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var solution = target.RootDirectory / settings.Solution;
        if (!File.Exists(solution))
            return SbomResult.NotAvailable(Name, $"there is no '{settings.Solution}' to describe");
        if (RequiredTools.Missing("dotnet") is { } missing)
            return SbomResult.NotAvailable(Name, missing);

        var file = target.SbomDirectory / FileName;
        try
        {
            await EnsureInstalledAsync(progress);
            cancellationToken.ThrowIfCancellationRequested();
            target.SbomDirectory.CreateDirectory();
            progress($"CycloneDX {settings.Solution} -> {target.RootDirectory.GetUnixRelativePathTo(file)}");
            await ProcessTasks.StartProcessAsync(settings.Executable,
                [solution, "--output", target.SbomDirectory, "--filename", FileName, "--output-format", "Json", "--spec-version", "1.6"],
                new ProcessOptions
                {
                    WorkingDirectory = target.RootDirectory,
                    // The tool's launcher finds the runtime through DOTNET_ROOT when the SDK is not in a default place (the bootstrapper's .nuke/temp install).
                    EnvironmentVariables = new Dictionary<string, string?> { ["DOTNET_ROOT"] = DotnetRoot() },
                    LogOutput = false,
                    Timeout = TimeSpan.FromMinutes(5),
                });
            return SbomResult.Written(Name, file, CycloneDxDocument.Read(file));
        }
        catch (Exception e) when (e is ProcessException or InvalidOperationException or JsonException or FormatException or IOException)
        {
            return SbomResult.Failed(Name, e.Message);
        }
    }

    async Task EnsureInstalledAsync(Action<string> progress)
    {
        if (settings.IsInstalled)
            return;
        progress($"installing the {NuGetSbomSettings.Package} {settings.Version} .NET tool into {settings.ToolDirectory}");
        // Another version may be there: the folder is this tool's alone, so start it afresh.
        settings.ToolDirectory.DeleteDirectory();
        await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("dotnet"),
            ["tool", "install", NuGetSbomSettings.Package, "--version", settings.Version, "--tool-path", settings.ToolDirectory],
            new ProcessOptions { LogOutput = false, Timeout = TimeSpan.FromMinutes(5) });
        if (!settings.IsInstalled)
            throw new InvalidOperationException($"'dotnet tool install {NuGetSbomSettings.Package} --version {settings.Version}' ran, but {settings.Executable} is not there.");
    }

    static string DotnetRoot()
    {
        var configured = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var dotnet = new FileInfo(ProcessTasks.ResolveTool("dotnet"));
        var real = dotnet.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet.FullName;
        return Path.GetDirectoryName(real)!;
    }
}
