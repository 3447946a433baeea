using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Images;

/// <summary>Facts about the commit being built that the image labels carry.</summary>
public static class GitCommit
{
    /// <summary>The commit time, so rebuilding a commit gives the same labels (and the same image).</summary>
    public static DateTimeOffset Time(AbsolutePath root) =>
        Git(root, "show", "-s", "--format=%cI", "HEAD") is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var time)
            ? time
            : DateTimeOffset.UnixEpoch;

    /// <summary>The repository URL: GitHub's when on Actions, else the origin remote (credentials stripped), else "local".</summary>
    public static string Source(AbsolutePath root)
    {
        if (Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository)
            return $"{Environment.GetEnvironmentVariable("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}";
        if (Git(root, "remote", "get-url", "origin") is { Length: > 0 } remote && Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            return new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/');
        return "local";
    }

    static string? Git(AbsolutePath root, params string[] arguments)
    {
        try
        {
            var result = ProcessTasks.Probe("git", ["-C", root, .. arguments], TimeSpan.FromSeconds(10));
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
