using System.Reflection;
using BuildEngine.IO;

namespace BuildEngine.Versioning;

/// <summary>Injects the version of the commit being built: <c>[GitVersion] readonly GitVersion GitVersion;</c></summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class GitVersionAttribute : Attribute;

/// <summary>
/// The version GitVersion.MsBuild computed when the build project was compiled. Without git history
/// (no .git, or a shallow clone) it is an explicit <c>0.0.0-local</c> with the reason, never a silent guess.
/// </summary>
public sealed record GitVersion(
    string SemVer,
    string FullSemVer,
    string InformationalVersion,
    string Sha,
    string ShortSha,
    string BranchName,
    string? FallbackReason)
{
    public const string LocalVersion = "0.0.0-local";

    public bool IsFallback => FallbackReason is not null;

    public static GitVersion Fallback(string reason) => new(LocalVersion, LocalVersion, LocalVersion, "", "local", "", reason);

    /// <summary>Reads the <c>GitVersionInformation</c> class GitVersion.MsBuild generated into the build assembly.</summary>
    public static GitVersion FromBuildAssembly(Assembly? assembly, AbsolutePath root)
    {
        var information = assembly?.GetTypes().FirstOrDefault(t => t.Name == "GitVersionInformation");
        if (information is null)
            return Fallback(GitRepository.ReadHeadCommit(root) is null
                ? "there is no git repository (or no commit) at the root, so there is no history to version from"
                : GitRepository.IsShallow(root)
                    ? "this is a shallow clone; fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)"
                    : "the build assembly was compiled without GitVersion; run ./build.sh to rebuild it");

        string Read(string name) => information.GetField(name)?.GetValue(null)?.ToString() ?? "";
        var version = new GitVersion(Read("SemVer"), Read("FullSemVer"), Read("InformationalVersion"), Read("Sha"), Read("ShortSha"), Read("BranchName"), null);

        var head = GitRepository.ReadHeadCommit(root);
        if (head is not null && !string.Equals(head, version.Sha, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"The build assembly was compiled at commit {version.ShortSha} but HEAD is {head[..Math.Min(7, head.Length)]}, so its version would be stale. " +
                "Run the build through ./build.sh (it rebuilds when HEAD moves) or rebuild build/_build.csproj.");
        return version;
    }

    /// <summary>What <c>--version</c> prints.</summary>
    public string Describe() => IsFallback
        ? $"{FullSemVer}{Environment.NewLine}reason: {FallbackReason}"
        : $"{FullSemVer}{Environment.NewLine}sha: {Sha}{Environment.NewLine}informational: {InformationalVersion}";

    public override string ToString() => IsFallback ? $"{FullSemVer} ({FallbackReason})" : $"{FullSemVer} ({ShortSha})";
}
