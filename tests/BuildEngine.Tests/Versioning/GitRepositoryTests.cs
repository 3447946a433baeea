using BuildEngine.IO;
using BuildEngine.Versioning;

namespace BuildEngine.Tests.Versioning;

public sealed class GitRepositoryTests : IDisposable
{
    readonly AbsolutePath _root = AbsolutePath.Create(Directory.CreateTempSubdirectory("git-").FullName);

    const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void Reads_a_branch_from_a_loose_ref()
    {
        (_root / ".git" / "HEAD").WriteAllText("ref: refs/heads/main\n");
        (_root / ".git" / "refs" / "heads" / "main").WriteAllText(Commit + "\n");

        Assert.Equal(Commit, GitRepository.ReadHeadCommit(_root));
    }

    [Fact]
    public void Reads_a_branch_from_packed_refs()
    {
        (_root / ".git" / "HEAD").WriteAllText("ref: refs/heads/main\n");
        (_root / ".git" / "packed-refs").WriteAllText($"# pack-refs with: peeled fully-peeled sorted\n{Commit} refs/heads/main\n");

        Assert.Equal(Commit, GitRepository.ReadHeadCommit(_root));
    }

    [Fact]
    public void Reads_a_detached_head_and_a_worktree_pointer()
    {
        var gitDirectory = _root / "elsewhere" / "worktrees" / "wt";
        (gitDirectory / "HEAD").WriteAllText(Commit + "\n");
        (_root / ".git").WriteAllText($"gitdir: {gitDirectory}\n");

        Assert.Equal(Commit, GitRepository.ReadHeadCommit(_root));
    }

    [Fact]
    public void No_repository_gives_the_explicit_local_version_with_the_reason()
    {
        var version = GitVersion.FromBuildAssembly(typeof(GitRepositoryTests).Assembly, _root);

        Assert.True(version.IsFallback);
        Assert.Equal("0.0.0-local", version.FullSemVer);
        Assert.Contains("no git repository", version.FallbackReason);
    }

    [Fact]
    public void A_shallow_clone_gives_the_explicit_local_version_naming_the_fix()
    {
        (_root / ".git" / "HEAD").WriteAllText(Commit + "\n");
        (_root / ".git" / "shallow").WriteAllText(Commit + "\n");

        var version = GitVersion.FromBuildAssembly(typeof(GitRepositoryTests).Assembly, _root);

        Assert.True(version.IsFallback);
        Assert.Contains("fetch-depth: 0", version.FallbackReason);
    }

    public void Dispose() => _root.DeleteDirectory();
}
