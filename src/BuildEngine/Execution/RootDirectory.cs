using BuildEngine.IO;
using BuildEngine.Parameters;

namespace BuildEngine.Execution;

/// <summary><c>--root [path]</c>, else the nearest folder up from the working directory that holds a <c>.nuke</c> folder.</summary>
static class RootDirectory
{
    public static AbsolutePath Resolve(ArgumentParser arguments, string workingDirectory)
    {
        if (arguments.Get("Root") is { } given)
            return given.Count == 0 ? AbsolutePath.Create(workingDirectory) : AbsolutePath.Resolve(given[0], workingDirectory);

        for (var directory = new DirectoryInfo(workingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")) && directory.FullName != Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
                return AbsolutePath.Create(directory.FullName);
        }
        throw new UsageException($"Could not locate '.nuke' directory while walking up from '{workingDirectory}'. " +
                                 "Either create a '.nuke' directory to mark the root directory, or add '--root [path]' to the invocation.");
    }
}
