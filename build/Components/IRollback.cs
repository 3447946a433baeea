using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;

/// <summary>Manual rollback of an environment's api, without migrating, from images on the engine (works with the registry down).</summary>
// IOperateEnvironment: Rollback shares its --force (across a contract migration).
interface IRollback : IHazDeployment, IOperateEnvironment
{
    // One --to for both (Restore reads it too): a parameter name has one meaning on the command line.
    [Parameter("Rollback: previous (what was live before the latest deploy's switch; default) or an image reference or sha256 digest. Restore: latest (default) or the UTC time to restore to, e.g. 2026-11-27T09:30:00Z", Name = "To")]
    string RollbackTo => TryGetValue(() => RollbackTo) ?? "previous";

    [Parameter("The digest a deploy made live before it failed; CI's rollback job receives it from the production job and rolls back only then")]
    string? SwitchedDigest => TryGetValue(() => SwitchedDigest);

    Target Rollback => _ => _
        .Description("Rolls --environment (default prod) back to --to previous|<digest>: starts it on the idle colour, gates it, switches, retires the other; no migration, refused across a contract migration unless --force")
        .Executes(async () =>
        {
            var environment = EnvironmentOr(EnvironmentName.Prod);
            // On CI the job runs after any failure of the deploy job; only a deploy that moved traffic has something to undo.
            if (BuildEngine.CI.GitHubActions.GitHubActions.Instance is not null && SwitchedDigest is not { Length: > 0 })
            {
                Serilog.Log.Information("The failed deploy never moved {Environment}'s public traffic (no SwitchedDigest): nothing to roll back", environment);
                return;
            }
            using var probe = new LoopbackReleaseProbe(TopologyOf(environment));
            var request = RollbackRequest.From(new Delivery.Audit.ReleaseLedger(LedgerDirectory, environment.Name), RollbackTo, Actor) with { Force = Force };
            var outcome = await DeployerOf(environment, probe).RollbackAsync(request);
            if (DryRun)
                return;
            RecordLiveRelease(environment);
            ReportSummary(_ => _.AddPair("Environment", environment.Name).AddPair("Version", outcome.Version).AddPair("Live", outcome.Live.Name()));
        });
}
