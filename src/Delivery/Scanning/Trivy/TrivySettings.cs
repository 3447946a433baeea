namespace Delivery.Scanning.Trivy;

/// <summary>Where trivy is and how long it may take; the defaults suit CI, where a SHA-pinned action installs it.</summary>
public sealed record TrivySettings
{
    /// <summary>The trivy binary; null looks for <c>TRIVY_EXE</c>, then <c>trivy</c> on the PATH.</summary>
    public string? ToolPath { get; init; }

    /// <summary>Per trivy call; the first call also downloads the vulnerability database.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Folders <c>trivy config</c> leaves out: build output, dependencies, and the tests, whose fixtures hold
    /// deliberately broken Dockerfiles.
    /// </summary>
    public IReadOnlyList<string> ConfigSkipDirs { get; init; } = [".git", "artifacts", "tests", "**/node_modules", "**/bin", "**/obj"];
}
