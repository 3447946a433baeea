using Delivery.Audit;
using Delivery.Execution;
using Serilog;

namespace Delivery.Deployment;

/// <summary>
/// After a deploy's last ledger record, best effort: removes what <see cref="ImageRetention"/> allows. A probe that
/// fails skips the prune rather than decide from part of the picture, and a failed removal is logged; neither fails
/// the deploy.
/// </summary>
public sealed class ImagePrune(DeploymentPlanner planner, IStepRunner runner, IDeployAuditor auditor)
{
    public void Run(Release release)
    {
        try
        {
            var images = Release.Services.Select(release.Image).ToList();
            var onEngine = ImageRetention.Repositories(images).ToDictionary(r => r, r => Lines(planner.RepositoryImages(r)), StringComparer.Ordinal);
            var referenced = auditor.Recent(int.MaxValue).SelectMany(r => new[] { r.Digest, r.PreviousDigest }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var used = Lines(planner.ContainerImages()).ToHashSet(StringComparer.Ordinal);
            foreach (var image in ImageRetention.Removable(images, onEngine, referenced, used))
                runner.TryRun(planner.Prune(image));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warning("Pruning images skipped ({Message}); the deploy stands", e.Message);
        }
    }

    IReadOnlyList<string> Lines(Step probe) => runner.Probe(probe) is { Succeeded: true } answer
        ? answer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : throw new DeploymentException($"{probe.Description} failed");
}
