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
        // The report goes to a file: node cuts piped output at 64 KiB when secretlint exits, and the JSON carries each
        // file's full content. The folder is this run's own and is deleted with the report in it.
        var scratch = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-secretlint-").FullName);
        try
        {
            var findings = new List<Finding>();
            foreach (var batch in files.Chunk(FilesPerRun))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var report = scratch / "report.json";
                report.DeleteFile();
                ProcessResult run;
                try
                {
                    run = await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("node"),
                        [tool.Cli, "--format", "json", "--output", report, "--no-color", "--no-glob", .. configArguments, .. batch.Select(f => "./" + f)],
                        new ProcessOptions { WorkingDirectory = root, AssertZeroExitCode = false, LogOutput = false, LogInvocation = false, Timeout = TimeSpan.FromMinutes(5) });
                }
                catch (ProcessException e)
                {
                    return ScannerResult.Failed(Name, e.Message);
                }
                // With --output secretlint exits 0 whether or not it found something; anything else is secretlint failing (a bad config, a crash).
                if (run.ExitCode != 0 || !report.FileExists())
                    return ScannerResult.Failed(Name, $"secretlint exited with code {run.ExitCode}{(report.FileExists() ? "" : " without writing its report")}: {Problem(run)}");
                try
                {
                    findings.AddRange(SecretlintReport.Parse(report.ReadAllText(), root));
                }
                catch (Exception e) when (e is JsonException or FormatException)
                {
                    return ScannerResult.Failed(Name, $"secretlint wrote a report this parser cannot read: {e.Message}");
                }
            }
            return ScannerResult.Ran(Name, findings, $"{files.Count} tracked files");
        }
        finally
        {
            scratch.DeleteDirectory();
        }
    }

    /// <summary>The first lines of what secretlint printed, without the stack frames of a Node.js error.</summary>
    static string Problem(ProcessResult run) =>
        string.Join(" | ", run.Output.Select(o => o.Text.Trim()).Where(t => t.Length > 0 && !t.StartsWith("at ", StringComparison.Ordinal) && t != "----").Take(4));
}
