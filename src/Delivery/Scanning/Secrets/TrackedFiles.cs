using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Scanning.Secrets;

/// <summary>The files git tracks in a work tree: what a secret scan covers (build output and ignored files are not the repository's).</summary>
public static class TrackedFiles
{
    /// <summary>Repository-relative paths of tracked files present on disk, or null when <paramref name="root"/> is not a git work tree.</summary>
    public static async Task<IReadOnlyList<string>?> ListAsync(AbsolutePath root)
    {
        var run = await ProcessTasks.StartProcessAsync(ProcessTasks.ResolveTool("git"), ["ls-files", "-z"], new ProcessOptions
        {
            WorkingDirectory = root,
            AssertZeroExitCode = false,
            LogInvocation = false,
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(1),
        });
        if (run.ExitCode != 0)
            return null;
        // -z separates names with NUL, so a name with a newline survives the line-by-line capture joined back with '\n'.
        return run.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(file => File.Exists(root / file))
            .ToList();
    }
}
