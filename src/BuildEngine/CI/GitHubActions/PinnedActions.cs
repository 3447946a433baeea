namespace BuildEngine.CI.GitHubActions;

/// <summary>
/// Every third-party action the generated workflows use, pinned to a full commit SHA (a tag can be force-pushed; a SHA
/// cannot). To update: take the new release's commit SHA from the action's repository, change the row, regenerate.
/// </summary>
public static class PinnedActions
{
    public sealed record Pin(string Action, string Sha, string Version)
    {
        public string Uses => $"{Action}@{Sha}";
    }

    public static readonly Pin Checkout = new("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2");
    public static readonly Pin SetupDotNet = new("actions/setup-dotnet", "67a3573c9a986a3f9c594539f4ab511d57bb3ce9", "v4.3.1");
    public static readonly Pin Cache = new("actions/cache", "5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3");
    public static readonly Pin UploadArtifact = new("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2");
    public static readonly Pin DownloadArtifact = new("actions/download-artifact", "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0");

    /// <summary>The commit its maintainers named safe after the 2026-03-19 tag hijack (anchors-hardening B.5); never a tag.</summary>
    public static readonly Pin SetupTrivy = new("aquasecurity/setup-trivy", "3fb12ec12f41e471780db15c232d5dd185dcb514", "v0.2.6");
    public static readonly Pin UploadSarif = new("github/codeql-action/upload-sarif", "ff0a06e83cb2de871e5a09832bc6a81e7276941f", "v3.28.18");
}
