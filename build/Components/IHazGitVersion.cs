using BuildEngine;
using BuildEngine.Versioning;

/// <summary>The version of the commit being built (GitVersion.MsBuild), for tags, labels and release records.</summary>
interface IHazGitVersion : INukeBuild
{
    GitVersion GitVersion { get; }
}
