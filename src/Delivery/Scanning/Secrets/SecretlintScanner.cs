using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Scanning.Dependencies;

namespace Delivery.Scanning.Secrets;

/// <summary>Where secretlint and its recommended rule preset are installed (the build's tool folder, never committed), and which version.</summary>
public sealed record SecretlintSettings(AbsolutePath ToolDirectory, string Version = "12.0.0")
{
    public const string Package = "secretlint";
    public const string Preset = "@secretlint/secretlint-rule-preset-recommend";

    /// <summary>The repository's own configuration; without one the recommended preset runs as it comes.</summary>
    public const string ConfigFile = ".secretlintrc.json";

    public const string DefaultConfig = $$"""{"rules":[{"id":"{{Preset}}"}]}""";

    // 12.0.0 is the last release that runs on Node.js 20 (12.1 and later need 22); the preset is released in step.
    public NpmTool Tool => new(ToolDirectory, Package, Version, "bin/secretlint.js", [(Preset, Version)]);
}

/// <summary>
/// secretlint over every file git tracks (not build output, not ignored files). Each match is a <see cref="FindingKind.Secret"/>
/// finding named by its rule id, with file and line but never the value. A deliberate fake value in a test is allowed by
/// value in <c>.secretlintrc.json</c> (the rule's <c>allows</c> option), so the rest of that file is still scanned.
/// </summary>
public sealed class SecretlintScanner(SecretlintSettings settings) : IScanner
{
    // Keeps each command line far below the operating system's argument limit.
    const int FilesPerRun = 500;

    public string Name => SecretlintReport.Scanner;

    public async Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        if (RequiredTools.Missing("git", "node", "npm") is { } missing)
            return ScannerResult.NotAvailable(Name, missing);
        var root = target.RootDirectory;
        var files = await TrackedFiles.ListAsync(root);
        if (files is null)
            return ScannerResult.NotAvailable(Name, $"{root} is not a git work tree; the secret scan covers tracked files only");

        var tool = settings.Tool;
        try
        {
            progress($"installing {SecretlintSettings.Package}@{settings.Version} into {settings.ToolDirectory}");
            await tool.EnsureInstalledAsync();
        }
        catch (Exception e) when (e is ProcessException or InvalidOperationException or JsonException)
        {
            return ScannerResult.Failed(Name, $"could not install {SecretlintSettings.Package}@{settings.Version}: {e.Message}");
        }

        var config = root / SecretlintSettings.ConfigFile;
        string[] configArguments = File.Exists(config) ? ["--secretlintrc", config] : ["--secretlintrcJSON", SecretlintSettings.DefaultConfig];
        progress($"secretlint over {files.Count} tracked files ({(File.Exists(config) ? SecretlintSettings.ConfigFile : "recommended preset")})");
        var findings = new List<Finding>();
        foreach (var batch in files.Chunk(FilesPerRun))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProcessResult run;
            try
            {
                // stdout only, never logged: secretlint's JSON carries each file's full content.
                run = await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("node"),
                    [tool.Cli, "--format", "json", "--no-color", "--no-glob", .. configArguments, .. batch.Select(f => "./" + f)],
                    new ProcessOptions { WorkingDirectory = root, AssertZeroExitCode = false, LogOutput = false, LogInvocation = false, Timeout = TimeSpan.FromMinutes(5) });
            }
            catch (ProcessException e)
            {
                return ScannerResult.Failed(Name, e.Message);
            }
            // 0: clean, 1: found secrets, anything else: secretlint itself failed (a bad config, a crash).
            if (run.ExitCode is not (0 or 1))
                return ScannerResult.Failed(Name, $"secretlint exited with code {run.ExitCode}: {string.Join(" | ", run.Output.Where(o => o.Type == OutputType.Err).TakeLast(5).Select(o => o.Text))}");
            IReadOnlyList<Finding> found;
            try
            {
                found = SecretlintReport.Parse(run.StandardOutput, root);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                return ScannerResult.Failed(Name, $"secretlint (exit code {run.ExitCode}) wrote a report this parser cannot read: {e.Message}");
            }
            if (run.ExitCode == 1 && found.Count == 0)
                return ScannerResult.Failed(Name, "secretlint exited with code 1 but reported no finding");
            findings.AddRange(found);
        }
        return ScannerResult.Ran(Name, findings, $"{files.Count} tracked files");
    }
}
