using BuildEngine.Tooling;

namespace Integration.Tests.Bootstrap;

/// <summary>
/// A copy of this repository's working tree (tracked and untracked, not ignored) in a temporary folder, as its own git
/// repository with one commit, so the real bootstrapper can be run against it without touching the checkout.
/// </summary>
public sealed class RepositoryCopy : IDisposable
{
    public RepositoryCopy(bool withGit = true)
    {
        Path = Directory.CreateTempSubdirectory("pazpaz-bootstrap-").FullName;
        var files = Run(SourceRoot, "git", ["ls-files", "-co", "--exclude-standard", "-z"]).StandardOutput
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files)
        {
            var source = System.IO.Path.Combine(SourceRoot, file);
            if (!File.Exists(source))
                continue;
            var target = System.IO.Path.Combine(Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
        if (!withGit)
            return;
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "copy");
    }

    public string Path { get; }

    public static string SourceRoot { get; } = FindRoot();

    public string Git(params string[] arguments) =>
        Run(Path, "git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", .. arguments]).StandardOutput.Trim();

    /// <summary>Runs <c>./build.sh</c> with a clean environment (no test-host MSBuild variables leaking into the nested build).</summary>
    public ProcessResult Build(params string[] arguments) => Run(Path, System.IO.Path.Combine(Path, "build.sh"), arguments, assertSuccess: false);

    /// <summary>Runs <c>./build.sh</c> as CI does: a server build checks generated files instead of rewriting them.</summary>
    public ProcessResult BuildAsCi(params string[] arguments) =>
        Run(Path, System.IO.Path.Combine(Path, "build.sh"), arguments, assertSuccess: false, new Dictionary<string, string?> { ["CI"] = "true" });

    public static ProcessResult Run(string directory, string tool, IEnumerable<string> arguments, bool assertSuccess = true,
        IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
                        k.StartsWith("DOTNET_HOST", StringComparison.OrdinalIgnoreCase) || k is "MSBuildSDKsPath" or "MSBuildExtensionsPath" or "TESTINGPLATFORM_UI_LANGUAGE")
            .ToDictionary(k => k, string? (_) => null);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string?>())
            environment[name] = value;
        return ProcessTasks.StartProcess(tool, arguments, new ProcessOptions
        {
            WorkingDirectory = directory,
            EnvironmentVariables = environment,
            AssertZeroExitCode = assertSuccess,
            LogInvocation = false,
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(5),
        });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is under the temp directory anyway.
        }
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(directory.FullName, ".nuke")) && File.Exists(System.IO.Path.Combine(directory.FullName, "build.sh")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No repository root (a folder with .nuke and build.sh) above {AppContext.BaseDirectory}.");
    }
}

static class OutputExtensions
{
    public static string Text(this ProcessResult result) => string.Join('\n', result.Output.Select(o => o.Text));
}
