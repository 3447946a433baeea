using BuildEngine.IO;

namespace BuildEngine.Versioning;

/// <summary>Reads HEAD from the repository's files (no git process): enough to know which commit is being built.</summary>
public static class GitRepository
{
    /// <summary>The commit HEAD points to, or null when there is no repository or no commit yet.</summary>
    public static string? ReadHeadCommit(AbsolutePath root)
    {
        var gitDirectory = FindGitDirectory(root);
        if (gitDirectory is null || !(gitDirectory / "HEAD").FileExists())
            return null;
        var commonDirectory = (gitDirectory / "commondir").FileExists()
            ? AbsolutePath.Resolve((gitDirectory / "commondir").ReadAllText().Trim(), gitDirectory)
            : gitDirectory;

        var head = (gitDirectory / "HEAD").ReadAllText().Trim();
        if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            return head;
        var reference = head["ref: ".Length..];
        foreach (var directory in new[] { gitDirectory, commonDirectory })
        {
            var loose = directory / reference;
            if (loose.FileExists())
                return loose.ReadAllText().Trim();
        }
        var packed = commonDirectory / "packed-refs";
        if (!packed.FileExists())
            return null;
        return packed.ReadAllText().Split('\n')
            .Select(line => line.Split(' '))
            .FirstOrDefault(parts => parts.Length == 2 && parts[1].Trim() == reference)?[0];
    }

    public static bool IsShallow(AbsolutePath root) => FindGitDirectory(root) is { } directory && (directory / "shallow").FileExists();

    static AbsolutePath? FindGitDirectory(AbsolutePath root)
    {
        var dotGit = root / ".git";
        if (dotGit.DirectoryExists())
            return dotGit;
        if (dotGit.FileExists() && dotGit.ReadAllText().Trim() is var text && text.StartsWith("gitdir: ", StringComparison.Ordinal))
            return AbsolutePath.Resolve(text["gitdir: ".Length..].Trim(), root);
        return null;
    }
}
