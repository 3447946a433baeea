using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Dependencies;

/// <summary>
/// An npm CLI pinned to one version (with pinned companion packages, such as a rule preset), installed into a folder of
/// the build's temp directory and never committed. <paramref name="Script"/> is the CLI's entry file inside the package.
/// </summary>
public sealed record NpmTool(AbsolutePath ToolDirectory, string Package, string Version, string Script, IReadOnlyList<(string Package, string Version)> Companions)
{
    public NpmTool(AbsolutePath toolDirectory, string package, string version, string script)
        : this(toolDirectory, package, version, script, [])
    {
    }

    public AbsolutePath Cli => PackageDirectory(Package) / Script;

    AbsolutePath PackageDirectory(string package) => package.Split('/').Aggregate(ToolDirectory / "node_modules", (path, part) => path / part);

    IEnumerable<(string Package, string Version)> Pinned => Companions.Prepend((Package, Version));

    public bool IsInstalled => Pinned.All(p => InstalledVersion(p.Package) == p.Version);

    /// <summary>Installs the pinned versions unless they are already there. Install scripts never run: none of these tools needs one.</summary>
    public async Task EnsureInstalledAsync()
    {
        if (IsInstalled)
            return;
        ToolDirectory.CreateDirectory();
        await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("npm"),
            ["install", "--no-audit", "--no-fund", "--no-save", "--ignore-scripts", "--prefix", ToolDirectory, .. Pinned.Select(p => $"{p.Package}@{p.Version}")],
            new ProcessOptions { Timeout = TimeSpan.FromMinutes(5), LogOutput = false });
        if (!IsInstalled)
            throw new InvalidOperationException($"npm installed {Package} into {ToolDirectory}, but {string.Join(", ", Pinned.Select(p => $"{p.Package}@{p.Version}"))} is not what is there; delete that folder and run again.");
    }

    string? InstalledVersion(string package)
    {
        var manifest = PackageDirectory(package) / "package.json";
        if (!manifest.FileExists())
            return null;
        using var json = JsonDocument.Parse(manifest.ReadAllText());
        return json.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }
}
