using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;

/// <summary>Manual rollback of an environment's api, without migrating, from images on the engine (works with the registry down).</summary>
interface IRollback : IHazDeployment
{
    [Parameter("Rollback target: previous (what was live before the last successful deploy, from the ledger; default) or an image reference or sha256 digest", Name = "To")]
    string RollbackTo => TryGetValue(() => RollbackTo) ?? "previous";

    Target Rollback => _ => _
        .Description("Rolls --environment (default prod) back to --to previous|<digest>: starts it on the idle colour, gates it, switches, retires the other; no migration")
        .Executes(async () =>
        {
            var environment = EnvironmentOr(EnvironmentName.Prod);
            using var probe = new LoopbackReleaseProbe(TopologyOf(environment));
            var request = RollbackRequest.From(new Delivery.Audit.ReleaseLedger(LedgerDirectory, environment.Name), RollbackTo, Actor);
            var outcome = await DeployerOf(environment, probe).RollbackAsync(request);
            ReportSummary(_ => _.AddPair("Environment", environment.Name).AddPair("Version", outcome.Version).AddPair("Live", outcome.Live.Name()));
        });
}
