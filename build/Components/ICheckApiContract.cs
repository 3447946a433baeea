using BuildEngine;
using Delivery.Contracts;
using Serilog;

interface ICheckApiContract : IHazArtifacts
{
    [Parameter("Push even though the API contract breaks clients of the last pushed release (say why in the release notes)")]
    bool AllowBreakingApiChanges => TryGetValue<bool>(() => AllowBreakingApiChanges) ?? false;

    Target CheckApiContract => _ => _
        .Description("Fails when the API contract breaks clients of the last pushed release (removed operations or fields, new required inputs)")
        .TryDependentFor<IPush>(x => x.Push)
        .TryBefore<IDockerBuild>(x => x.DockerBuild)
        .Executes(() =>
        {
            var result = ApiContractCheck.Run(RootDirectory, ArtifactsDirectory / "images.json");
            Log.Information("API contract: {Note}", result.Note);
            foreach (var change in result.Breaks)
                Log.Error("Breaking: {Change}", change.ToString());
            ReportSummary(_ => _.AddPair("Breaking changes", result.Breaks.Count));
            if (result.Breaks.Count == 0)
                return;
            if (AllowBreakingApiChanges)
                Log.Warning("Pushing with {Count} breaking API change(s) because --allow-breaking-api-changes was given", result.Breaks.Count);
            else
                throw new InvalidOperationException(
                    $"{result.Breaks.Count} breaking API change(s) against the last pushed release; keep the old contract working (expand, then contract), or pass --allow-breaking-api-changes.");
        });
}
