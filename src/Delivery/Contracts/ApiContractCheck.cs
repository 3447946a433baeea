using System.Text.Json.Nodes;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Registry;

namespace Delivery.Contracts;

/// <summary>What the contract check compared against, and what it found.</summary>
public sealed record ApiContractResult(string? PreviousRevision, string Note, IReadOnlyList<BreakingChange> Breaks);

/// <summary>
/// Compares the committed API contract with the one of the last pushed release: the commit recorded in
/// <c>artifacts/images.json</c>, read from git. Without a recorded push there is nothing to break yet.
/// </summary>
public static class ApiContractCheck
{
    public const string SpecPath = "src/services/api/openapi.json";

    public static ApiContractResult Run(AbsolutePath root, AbsolutePath imagesManifest)
    {
        if (!imagesManifest.FileExists())
            return new ApiContractResult(null, $"no release was pushed from here yet ({root.GetUnixRelativePathTo(imagesManifest)} is absent)", []);
        var revision = ImagesManifest.Read(imagesManifest).Revision;
        var previous = ProcessTasks.Probe("git", ["-C", root, "show", $"{revision}:{SpecPath}"], TimeSpan.FromSeconds(30));
        if (previous.ExitCode != 0)
            return new ApiContractResult(revision, $"the last pushed release ({revision[..Math.Min(7, revision.Length)]}) has no {SpecPath} in this repository's history", []);
        var breaks = OpenApiCompatibility.Compare(JsonNode.Parse(previous.StandardOutput)!, JsonNode.Parse((root / SpecPath).ReadAllText())!);
        return new ApiContractResult(revision, $"compared with the last pushed release {revision[..Math.Min(7, revision.Length)]}", breaks);
    }
}
