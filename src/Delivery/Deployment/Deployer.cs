using System.Diagnostics;
using Delivery.Audit;
using Delivery.Execution;
using Serilog;

namespace Delivery.Deployment;

/// <summary>What a deploy request names: the release, who asks, and the commit it came from.</summary>
public sealed record DeployRequest(Release Release, string Actor, string? GitSha);

/// <summary>How a deploy ended, for the summary table.</summary>
public sealed record DeployOutcome(string DeployId, Colour Live, string Version, bool RolledBack, IReadOnlyDictionary<string, TimeSpan> Phases);

public sealed class DeploymentRolledBackException(string message) : Exception(message);

/// <summary>
/// A manual rollback: to "previous" (what was live before the latest deploy's switch, from the ledger), or
/// to an image reference or digest.
/// </summary>
public sealed record RollbackRequest(string To, string Actor)
{
    public bool ToPrevious => To is "" or "previous";

    /// <summary>Roll back even across a contract migration, or when nothing shows whether one ran (<see cref="RollbackSchemaCheck"/>).</summary>
    public bool Force { get; init; }

    /// <summary>The latest deploy's switch: what it made live and what was live before it.</summary>
    public (string Digest, string? PreviousDigest)? LastSucceeded { get; init; }

    /// <summary>
    /// "previous" is judged by the latest deploy in the ledger: if it moved public traffic (a switched record), going back
    /// means to what was live before that switch. A deploy that never switched, or one already flipped back, leaves
    /// nothing to undo, and <see cref="LastSucceeded"/> stays empty.
    /// </summary>
    public static RollbackRequest From(ReleaseLedger ledger, string to, string actor)
    {
        var records = ledger.Last(int.MaxValue);
        var latestDeploy = records.LastOrDefault(r => r.Action == AuditAction.Started && r.Phase != "rollback")?.DeployId;
        // A deploy that finished an interrupted one re-records the switch it inherited (phase "resume").
        var switched = records.LastOrDefault(r => r.Action == AuditAction.Switched && r.DeployId == latestDeploy);
        return new RollbackRequest(to, actor) { LastSucceeded = switched is { Digest: { } digest } ? (digest, switched.PreviousDigest) : null };
    }
}

/// <summary>
/// A blue/green deploy as a script (anchors-deploy.md §5.2): lock, reconcile, pull, migrate, start the idle colour,
/// gate it through the preview server, switch the edge's route, bake with automatic flip-back, drain and retire the
/// old colour, unlock. Public traffic stays on the old colour until the switch verifies; every failure before it
/// removes the candidate, and a failed switch puts the previous route back. Each phase is audited before it acts.
/// Routing never reloads nginx (<see cref="Route"/>); only a new SPA container does.
/// </summary>
public sealed class Deployer(DeploymentPlanner planner, IStepRunner runner, IReleaseProbe probe, IDeployAuditor auditor, DeploymentTimings timings)
{
    readonly Topology _topology = planner.Topology;
    readonly Dictionary<string, TimeSpan> _phases = [];
    string _deployId = "";
    DeployRequest _request = null!;
    bool _proxyReloaded;
    Route _route = Route.None;
    string? _migrationBefore;
    string? _migrationAfter;

    /// <summary>Called once public traffic has moved to the new release (CI hands the digest to its rollback job).</summary>
    public Action<string>? OnSwitched { get; init; }

    /// <summary>
    /// Every decision from the real state, no change: plans go to a <see cref="DryRunStepRunner"/> and records to a
    /// <see cref="DryRunAuditor"/>, and nothing is waited for (health, readiness, the switch's version, the bake, the drain).
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>Set in tests to stop the process hard right after a phase (a killed deploy), as anchors-deploy.md §5.4 row 4 asks.</summary>
    public string? CrashAfterPhase { get; init; } = Environment.GetEnvironmentVariable("PAZPAZ_DEPLOY_CRASH_AFTER");

    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellation = default)
    {
        _request = request;
        _deployId = DeployId.New();
        var release = request.Release;
        await TakeLockAsync(request.Actor, cancellation);
        try
        {
            await AuditAsync(AuditAction.Started, null, release.Api, null, cancellation);

            var proxyRunning = Phase("preflight", () =>
            {
                var running = runner.Probe(planner.ProxyRunning()) is { Succeeded: true } answer && answer.Output.Trim() == "true";
                runner.Run(planner.Preflight(running));
                return running;
            });
            var (live, candidate, resume) = await PhaseAsync("reconcile", () => ReconcileAsync(proxyRunning, release, cancellation));
            if (resume && live is { } switched)
            {
                var previous = Inspect(switched.Other());
                await AuditAsync(AuditAction.Switched, "resume", release.Api, switched, cancellation, previous: previous.Exists ? previous.Digest : null,
                    reason: "public traffic was moved by the interrupted deploy this one finishes");
                return await FinishAsync(switched, release, previous, cancellation);
            }
            var liveSlot = live is { } l ? Inspect(l) : null;
            var blueImage = candidate == Colour.Blue ? release.Api : liveSlot?.Image ?? release.Api;
            var greenImage = candidate == Colour.Green ? release.Api : liveSlot?.Image ?? release.Api;
            Log.Information("Live: {Live}; the release goes to {Candidate}", live?.Name() ?? "nothing yet", candidate.Name());

            Phase("pull", () => runner.Run(planner.Pull(Release.Services.Select(release.Image).Where(image => !runner.Probe(planner.ImagePresent(image)).Succeeded))));
            await AuditAsync(AuditAction.Phase, "migrate", release.Api, candidate, cancellation);
            Phase("shared", () => runner.Run(planner.Shared(release, blueImage, greenImage)));
            _migrationBefore = DatabaseRevision();
            Phase("migrate", () => runner.Run(planner.Migrate(release, blueImage, greenImage)));
            _migrationAfter = DatabaseRevision();

            await AuditAsync(AuditAction.Phase, "start", release.Api, candidate, cancellation);
            await StartAndGateAsync(candidate, release, blueImage, greenImage, startProxy: !proxyRunning, cancellation);

            await AuditAsync(AuditAction.Phase, "switch", release.Api, candidate, cancellation);
            // The old colour while it still runs: backup during the bake, the flip-back target, then drained and retired.
            var warm = liveSlot is { Running: true };
            await PhaseAsync("switch", () => SwitchAsync(Route.To(candidate, backup: warm), release.Version, cancellation));
            await AuditAsync(AuditAction.Switched, "switch", release.Api, candidate, cancellation, previous: liveSlot?.Digest);
            OnSwitched?.Invoke(release.Api);
            return await FinishAsync(candidate, release, liveSlot, cancellation);
        }
        catch (DeploymentRolledBackException)
        {
            throw;
        }
        catch (Exception e)
        {
            await TryAuditFailureAsync(e);
            if (_proxyReloaded)
                RehomeWebSockets();
            throw;
        }
        finally
        {
            ReleaseLock();
        }
    }

    /// <summary>
    /// After the switch: bake with the old colour warm (flip back on a breach), update the SPA, retire the old colour.
    /// <paramref name="previous"/> is the colour that was live before, running or not.
    /// </summary>
    async Task<DeployOutcome> FinishAsync(Colour live, Release release, SlotState? previous, CancellationToken cancellation)
    {
        Colour? warm = previous is { Running: true } ? previous.Colour : null;
        if (warm is { } old)
            await PhaseAsync("bake", () => BakeAsync(live, old, cancellation));
        var blueImage = live == Colour.Blue ? release.Api : previous?.Image ?? release.Api;
        var greenImage = live == Colour.Green ? release.Api : previous?.Image ?? release.Api;
        // After the bake: the new SPA may call what only the new api has, while the api is backward compatible (CheckApiContract).
        Phase("web", () =>
        {
            var before = WebContainer();
            runner.Run(planner.UpdateWeb(release, blueImage, greenImage));
            // A reload moves the open connections to new workers (and races with busy HTTP/2 ones): only a new web needs one.
            if (DryRun)
                runner.Run(planner.ResolveWeb() with { Title = "Resolve web (only if compose recreated web)" });
            else if (WebContainer() is not { } after || after != before)
                Reload(planner.ResolveWeb());
        });
        if (warm is { } retired)
            Phase("retire", () =>
            {
                // The old colour stops being the backup before it stops being at all.
                RouteTo(Route.To(live), $"live -> {live.Name()} alone");
                Retire(retired);
            });
        else if (_proxyReloaded)
            RehomeWebSockets();
        await AuditAsync(AuditAction.Succeeded, null, release.Api, live, cancellation, previous: previous is { Exists: true } p ? p.Digest : null);
        Phase("prune", () => new ImagePrune(planner, runner, auditor).Run(release));
        return new DeployOutcome(_deployId, live, release.Version, false, _phases);
    }

    /// <summary>A dry run takes no lock, but stops where a real run would: at a lock another deploy holds.</summary>
    async Task TakeLockAsync(string actor, CancellationToken cancellation)
    {
        var environmentLock = new EnvironmentLock(planner, runner, auditor);
        if (DryRun && environmentLock.Read() is { Expired: false } held)
            throw new DeploymentException($"{_topology.Environment} is locked by another deploy: {held}; a real run would stop here.");
        await environmentLock.TakeAsync(actor, _deployId, timings.LockLease, cancellation);
    }

    /// <summary>Removes the lock only while it is still this run's: a lock broken and retaken by another deploy stays theirs.</summary>
    void ReleaseLock()
    {
        var held = new EnvironmentLock(planner, runner, auditor).Read();
        if (held is null || held.DeployId == _deployId)
            runner.TryRun(planner.Unlock());
        else
            Log.Warning("The {Environment} lock now belongs to another deploy ({Lock}); leaving it", _topology.Environment, held);
    }

    /// <summary>
    /// Puts an earlier api image back on the idle colour and switches to it, without migrating: migrations are
    /// expand-only, so older code runs on the newer schema (its readiness says "ahead"). Uses the image on the engine, so
    /// it works with the registry down. Every other service keeps what it runs.
    /// </summary>
    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellation = default)
    {
        _deployId = DeployId.New();
        await TakeLockAsync(request.Actor, cancellation);
        try
        {
            if (!(runner.Probe(planner.ProxyRunning()) is { Succeeded: true } running && running.Output.Trim() == "true"))
                throw new DeploymentException($"The {_topology.Environment} proxy is not running: there is nothing to roll back. Deploy a release instead.");
            var (live, idle) = Phase("reconcile", () => LiveAndIdle());
            if (InterruptedDeploy.Find(auditor.Recent(200), current: _deployId) is { } died)
                await CloseInterruptedAsync(died, request.Actor, $"{live.Name()} is live; rollback {_deployId} goes on from there", cancellation);
            var liveSlot = Inspect(live);
            var idleSlot = Inspect(idle);
            if (BackupServesACrashedLive(liveSlot, idleSlot))
            {
                Log.Warning("{Live} has stopped ({Status}) and {Idle}, its backup, serves: {Idle} becomes live alone first", live.Name(), liveSlot.Status, idle.Name(), idle.Name());
                RouteTo(Route.To(idle), $"live -> {idle.Name()} alone");
                (live, idle, liveSlot, idleSlot) = (idle, live, idleSlot, liveSlot);
            }
            string target;
            if (request.ToPrevious)
            {
                if (request.LastSucceeded is not var (digest, previous))
                {
                    Log.Information("The latest deploy of {Environment} never moved public traffic (or none is recorded): nothing to roll back. " +
                        "To go to a specific release: --to <repo@sha256:... or sha256:...>", _topology.Environment);
                    return new DeployOutcome(_deployId, live, "unchanged", false, _phases);
                }
                if (liveSlot.Digest != digest)
                {
                    // An automatic flip-back or an earlier rollback already left the earlier release live: going "back" again would go further.
                    Log.Information("Live ({Live}) is not what the latest deploy's switch made live ({Digest}): nothing to roll back", liveSlot.Digest, digest);
                    return new DeployOutcome(_deployId, live, "unchanged", false, _phases);
                }
                target = previous ?? throw new DeploymentException($"The latest deploy of {_topology.Environment} was its first: there is no earlier release to go back to.");
            }
            else
                target = Resolve(request.To, liveSlot, idleSlot);
            var images = Release.Services.Where(s => s != "api")
                .ToDictionary(s => s, s => runner.Probe(planner.ServiceImage(s)) is { Succeeded: true } answer ? answer.Output.Trim()
                    : throw new DeploymentException($"Cannot read the image of {s}; is the {_topology.Environment} environment up?"));
            _request = new DeployRequest(new Release("rollback", new Dictionary<string, string>(images) { ["api"] = target }), request.Actor, null);
            await AuditAsync(AuditAction.Started, "rollback", target, idle, cancellation, previous: liveSlot.Digest is { Length: > 0 } d ? d : liveSlot.Image);

            Phase("pull", () => runner.Run(planner.Pull(runner.Probe(planner.ImagePresent(target)).Succeeded ? [] : [target])));
            var forced = Phase("schema", () => CheckSchema(target, live, request.Force));
            var (blue, green) = idle == Colour.Blue ? (target, liveSlot.Image) : (liveSlot.Image, target);
            await StartAndGateAsync(idle, _request.Release, blue, green, startProxy: false, cancellation);
            var version = DryRun ? "the target's version" : await probe.PreviewVersionAsync(cancellation)
                ?? throw new DeploymentException("The rolled-back api does not report its version through the preview server.");
            await PhaseAsync("switch", () => SwitchAsync(Route.To(idle), version, cancellation));
            Phase("retire", () => Retire(live));
            await AuditAsync(AuditAction.RolledBack, "rollback", target, idle, cancellation, previous: liveSlot.Image, reason: "manual rollback to " + (request.ToPrevious ? "previous" : request.To) + (forced is null ? "" : $" (forced: {forced})"));
            return new DeployOutcome(_deployId, idle, version, true, _phases);
        }
        catch (Exception e)
        {
            await TryAuditFailureAsync(e);
            if (_proxyReloaded)
                RehomeWebSockets();
            throw;
        }
        finally
        {
            ReleaseLock();
        }
    }

    /// <summary>
    /// A rollback runs the target's code on the database as it is (<see cref="RollbackSchemaCheck"/>); refused unless
    /// forced, before anything changes. Returns why it went on anyway when forced, else null.
    /// </summary>
    string? CheckSchema(string target, Colour live, bool force)
    {
        _migrationBefore = _migrationAfter = DatabaseRevision();
        var targetHistory = Migrations(planner.ImageMigrations(target));
        var newer = new Func<MigrationHistory?>[] { () => Migrations(planner.SlotMigrations(live)), () => Migrations(planner.ImageMigrations(Inspect(live).Image)) };
        if (RollbackSchemaCheck.Refusal(target, targetHistory, _migrationBefore, newer.Select(history => history())) is not { } refusal)
            return null;
        if (!force)
            throw new DeploymentException($"Rollback to {target} refused, nothing was changed: {refusal}. Restore a backup from before those migrations " +
                "(docs/operations/restore.md), or, once you have checked that the release works on this schema, run the rollback again with --force.");
        Log.Warning("--force: rolling back to {Target} although {Refusal}", target, refusal);
        return refusal;
    }

    MigrationHistory? Migrations(Step step) => runner.Probe(step) is { Succeeded: true } answer ? MigrationHistory.TryParse(answer.Output) : null;

    /// <summary>Null before the first migration, or when postgres does not answer: the ledger then says nothing rather than something wrong.</summary>
    string? DatabaseRevision() => runner.Probe(planner.DatabaseRevision()) is { Succeeded: true } answer && answer.Output.Trim() is { Length: > 0 } revision ? revision : null;

    /// <summary>Starts a release on an idle slot and gates it through the preview server; any failure removes the slot again.</summary>
    async Task StartAndGateAsync(Colour colour, Release release, string blueImage, string greenImage, bool startProxy, CancellationToken cancellation)
    {
        try
        {
            Phase("start", () => runner.Run(planner.StartSlot(colour, release, blueImage, greenImage, _deployId)));
            await PhaseAsync("gate", () => WaitHealthyAsync(colour, cancellation));
            if (startProxy)
                Phase("proxy", () => runner.Run(planner.StartProxy(release, blueImage, greenImage)));
            await PhaseAsync("preview", async () =>
            {
                PreviewOn(colour);
                await WaitReadyThroughPreviewAsync(colour, cancellation);
            });
        }
        catch
        {
            Log.Warning("The {Colour} slot never took public traffic; removing it", colour.Name());
            runner.TryRun(planner.RemoveSlot(colour));
            // Left behind, a proxy whose upstream is gone crash-loops and blocks the next deploy's preflight.
            if (startProxy)
                runner.TryRun(planner.RemoveProxy());
            throw;
        }
    }

    /// <summary>
    /// The preview server serves the route's idle colour. Only a state the engine did not leave itself (a proxy started
    /// on an older route while it was down) has the candidate live there; then the route names the other colour live.
    /// </summary>
    void PreviewOn(Colour colour)
    {
        // A dry run of a first deploy did not start the proxy it would preview through.
        if (DryRun && !runner.Probe(planner.ReadRoute()).Succeeded)
            return;
        _route = ReadRoute();
        if (_route.Idle != colour)
            RouteTo(Route.To(colour.Other()), $"preview -> {colour.Name()}");
    }

    /// <summary>
    /// Its WebSockets closed with 1012 over the drain while clients reconnect to the live colour (and, after a reload,
    /// those old nginx workers relay); then, once the old workers have let go, a graceful stop.
    /// </summary>
    void Retire(Colour colour)
    {
        runner.TryRun(planner.Drain(colour, timings.Drain));
        if (_proxyReloaded)
            RehomeWebSockets();
        if (!DryRun)
        {
            Thread.Sleep(timings.Drain);
            WaitForOldProxyWorkers(colour);
        }
        runner.Run(planner.Retire(colour));
    }

    /// <summary>
    /// An old worker still routes by the configuration it was started with, where this colour may be live, and it keeps
    /// serving an HTTP/2 connection that is busy (the benchmark saw one outlive 60 s). Stopped under it, the colour
    /// turned that browser's requests into 502/504 for as long as the worker lived; so the colour stops only when the
    /// old workers are gone, and those that outlive the wait are ended first (their clients reconnect to current workers).
    /// </summary>
    void WaitForOldProxyWorkers(Colour colour)
    {
        var deadline = Deadline.After(timings.OldWorkers);
        var nextRehome = Deadline.After(timings.Drain);
        string? count = null;
        while (runner.Probe(planner.OldProxyWorkers()) is { Succeeded: true } answer && (count = answer.Output.Trim()) != "0")
        {
            if (deadline.Passed)
            {
                Log.Warning("{Count} old nginx workers still hold connections after {Seconds:0} s; ending them before {Colour} stops", count, timings.OldWorkers.TotalSeconds, colour.Name());
                runner.TryRun(planner.EndOldProxyWorkers());
                Thread.Sleep(timings.Poll);
                return;
            }
            // A client whose handshake was still on its way through an old worker when the sockets were re-homed.
            if (nextRehome.Passed)
            {
                RehomeWebSockets();
                nextRehome = Deadline.After(timings.Drain);
            }
            Thread.Sleep(timings.Poll);
        }
    }

    string? WebContainer() => runner.Probe(planner.WebContainer()) is { Succeeded: true } answer ? answer.Output.Trim() : null;

    /// <summary>Runs a plan that reloads nginx (a new SPA container), noting that WebSockets opened before it now sit in old workers.</summary>
    void Reload(Plan plan)
    {
        _proxyReloaded = true;
        runner.Run(plan);
    }

    /// <summary>After the operation's last reload: see <see cref="WebSocketRehoming"/>. A deploy killed before it is bounded by worker_shutdown_timeout.</summary>
    void RehomeWebSockets() => new WebSocketRehoming(planner, runner).Rehome(timings.Drain);

    (Colour Live, Colour Idle) LiveAndIdle()
    {
        _route = ReadRoute();
        return _route.Live is { } colour ? (colour, colour.Other())
            : throw new DeploymentException($"Cannot tell which colour is live in {_topology.Environment}: the edge's route names none (nothing was deployed yet).");
    }

    Route ReadRoute() => runner.Probe(planner.ReadRoute()) is { Succeeded: true } answer ? Route.Parse(answer.Output)
        : throw new DeploymentException($"Cannot read the {_topology.Environment} edge's route (docker exec {_topology.ProxyContainer} readlink {Route.Directory}/route failed): is the proxy running?");

    void RouteTo(Route route, string why)
    {
        runner.Run(planner.Route(route, why));
        _route = route;
    }

    /// <summary>A full reference is used as given; a bare digest is looked up among the slots' images.</summary>
    static string Resolve(string to, SlotState live, SlotState idle)
    {
        if (to.Contains('@', StringComparison.Ordinal) || to.Contains(':', StringComparison.Ordinal) && !to.StartsWith("sha256:", StringComparison.Ordinal))
            return to;
        var repository = (idle.Exists ? idle.Image : live.Image).Split('@')[0];
        var tag = repository.LastIndexOf(':');
        return $"{(tag > repository.LastIndexOf('/') ? repository[..tag] : repository)}@{to}";
    }

    /// <summary>
    /// The live colour is whatever the edge's route names; a slot that is up but not live is a dead deploy's leftover and
    /// is removed. Without a running proxy there is no route to read, so a running slot is taken as live (never removed).
    /// A deploy of this release that died after its switch is resumed instead (bake, retire). A dead deploy is closed in
    /// the ledger, saying what was found and done, before anything is touched.
    /// </summary>
    async Task<(Colour? Live, Colour Candidate, bool Resume)> ReconcileAsync(bool proxyRunning, Release release, CancellationToken cancellation)
    {
        _route = proxyRunning ? ReadRoute() : Route.None;
        var live = proxyRunning ? _route.Live
            : new[] { Colour.Blue, Colour.Green }.Select(Inspect).FirstOrDefault(s => s.Running)?.Colour;
        var candidate = live?.Other() ?? Colour.Blue;
        var leftover = Inspect(candidate);
        var interrupted = InterruptedDeploy.Find(auditor.Recent(200), current: _deployId);
        var liveSlot = interrupted is not null && live is { } l ? Inspect(l) : null;
        var crashedInBake = liveSlot is not null && BackupServesACrashedLive(liveSlot, leftover);
        var resume = !crashedInBake && interrupted is { SwitchingTo: { } switching } dead && liveSlot is { } s && switching == s.Colour.Name()
            && dead.Digest == release.Api && s.Image == release.Api;

        if (interrupted is not null)
            await CloseInterruptedAsync(interrupted, _request.Actor,
                crashedInBake ? $"its release on {live!.Value.Name()} had crashed ({liveSlot!.Status}) and {candidate.Name()} served as its backup: {candidate.Name()} stays live alone, {live.Value.Name()} is removed; deploy {_deployId} starts over"
                : resume ? $"its release is live on {live!.Value.Name()}; deploy {_deployId} finishes its bake and retire"
                : leftover.Running ? $"the {candidate.Name()} slot it left running is removed; deploy {_deployId} starts over"
                : $"{live?.Name() ?? "nothing"} is live; deploy {_deployId} starts over", cancellation);
        if (crashedInBake)
        {
            RouteTo(Route.To(candidate), $"live -> {candidate.Name()} alone");
            (live, candidate, leftover) = (candidate, liveSlot!.Colour, liveSlot);
        }
        else if (!resume && _route.Backup && liveSlot is { Running: true })
            runner.Run(planner.Restarts(liveSlot.Colour, on: true));
        if (!resume && leftover.Exists)
        {
            // A deploy that died during its bake left this slot as the route's backup: it stops being one first.
            if (live is { } serving && _route.Backup)
                RouteTo(Route.To(serving), $"live -> {serving.Name()} alone");
            Log.Information("Removing the {Colour} slot left by an earlier deploy (it is not live)", candidate.Name());
            runner.Run(planner.RemoveSlot(candidate));
        }
        return (live, candidate, resume);
    }

    /// <summary>
    /// Killed in its bake, a deploy leaves its release live without restarts and the old colour as the route's backup
    /// (<see cref="BakeAsync"/>). Once that release has crashed, the backup is what serves: it is to become live alone.
    /// </summary>
    bool BackupServesACrashedLive(SlotState live, SlotState other) => _route.Backup && !live.Running && other.Running;

    async Task CloseInterruptedAsync(InterruptedDeploy died, string actor, string found, CancellationToken cancellation)
    {
        Log.Warning("Deploy {Dead} of {Environment} died after {Step}: {Found}", died.DeployId, _topology.Environment, died.LastStep, found);
        await auditor.RecordAsync(new AuditEvent
        {
            DeployId = died.DeployId, Time = DateTimeOffset.UtcNow, Environment = _topology.Environment, Action = AuditAction.Interrupted,
            Actor = actor, Digest = died.Digest, Phase = died.LastStep, Result = "interrupted",
            FailureReason = $"no ending recorded after {died.LastStep}; {found}",
        }, cancellation);
    }

    SlotState Inspect(Colour colour)
    {
        var answer = runner.Probe(planner.InspectSlot(colour));
        return answer.Succeeded ? SlotState.Parse(colour, answer.Output) : SlotState.Absent(colour);
    }

    async Task WaitHealthyAsync(Colour colour, CancellationToken cancellation)
    {
        if (SkippedInDryRun($"until the {colour.Name()} candidate is running and healthy, at most {timings.HealthTimeout.TotalSeconds:0} s"))
            return;
        var deadline = Deadline.After(timings.HealthTimeout);
        while (true)
        {
            var slot = Inspect(colour);
            if (slot.Health == "healthy" && slot.Running)
                return;
            if (!slot.Running || slot.Health == "unhealthy" || slot.Restarts > 0 || deadline.Passed)
                throw new DeploymentException($"The {colour.Name()} candidate did not become healthy " +
                    $"({(deadline.Passed ? $"still {slot.Health} after {timings.HealthTimeout.TotalSeconds:0} s" : $"{slot.Status}, {slot.Health}, {slot.Restarts} restarts")}). " +
                    $"Public traffic stayed on the previous release. Its last log lines: docker logs --tail 50 {_topology.ApiContainer(colour)}");
            await Task.Delay(timings.Poll, cancellation);
        }
    }

    async Task WaitReadyThroughPreviewAsync(Colour colour, CancellationToken cancellation)
    {
        if (SkippedInDryRun($"for {timings.ReadyInARow} ready answers in a row through the preview server (127.0.0.1:{_topology.PreviewPort})"))
            return;
        var deadline = Deadline.After(timings.HealthTimeout);
        for (var inARow = 0; inARow < timings.ReadyInARow;)
        {
            inARow = await probe.ReadyAsync(preview: true, cancellation) ? inARow + 1 : 0;
            if (deadline.Passed)
                throw new DeploymentException($"The {colour.Name()} candidate is healthy but not ready through the preview server " +
                    $"(127.0.0.1:{_topology.PreviewPort}/api/v1/health/ready) {timings.ReadyInARow} times in a row within {timings.HealthTimeout.TotalSeconds:0} s.");
            await Task.Delay(timings.Poll, cancellation);
        }
    }

    /// <summary>Route, then prove the public server answers with the new version; anything else puts the previous route back.</summary>
    async Task SwitchAsync(Route route, string version, CancellationToken cancellation)
    {
        var previous = _route;
        var candidate = route.Live!.Value;
        try
        {
            RouteTo(route, $"live -> {candidate.Name()}");
            if (SkippedInDryRun($"until the public server answers version {version}, at most {timings.SwitchVerification.TotalSeconds:0} s"))
                return;
            var deadline = Deadline.After(timings.SwitchVerification);
            string? serving;
            while ((serving = await probe.LiveVersionAsync(cancellation)) != version)
            {
                if (deadline.Passed)
                    throw new DeploymentException($"After the switch the public server answers version '{serving ?? "nothing"}', not {version}, " +
                        $"for {timings.SwitchVerification.TotalSeconds:0} s.");
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Error("The switch to {Candidate} failed ({Reason}); routing back to {Previous}", candidate.Name(), e.Message, previous.Name);
            if (runner.TryRun(planner.Route(previous, $"route back -> {previous.Name}")))
                _route = previous;
            runner.TryRun(planner.RemoveSlot(candidate));
            throw new DeploymentException($"The switch to {candidate.Name()} failed and was undone: the previous route ({previous.Name}) is back and public " +
                $"traffic stays on the previous release. Cause: {e.Message}");
        }
    }

    /// <summary>
    /// Watch the new colour with the old one warm; a crash, repeated unreadiness or a 5xx ratio flips back in seconds.
    /// The new colour does not restart meanwhile (<see cref="DeploymentPlanner.Restarts"/>); a deploy killed in its bake
    /// leaves it so, with the old colour as its backup, and the next deploy's reconcile turns restarts on again.
    /// </summary>
    async Task BakeAsync(Colour candidate, Colour old, CancellationToken cancellation)
    {
        runner.Run(planner.Restarts(candidate, on: false));
        await WatchAsync(candidate, old, cancellation);
        runner.Run(planner.Restarts(candidate, on: true));
    }

    async Task WatchAsync(Colour candidate, Colour old, CancellationToken cancellation)
    {
        if (SkippedInDryRun($"{timings.Bake.TotalSeconds:0} s of bake, flipping back to {old.Name()} on a crash, {timings.BakeFailuresInARow} failed readiness checks in a row " +
                $"or more than {timings.BakeErrorRatio * 100:0}% 5xx"))
            return;
        var until = Deadline.After(timings.Bake);
        var failures = 0;
        var (log, answers) = (new AccessLogTail(DateTimeOffset.UtcNow), new UpstreamErrors(0, 0));
        while (!until.Passed)
        {
            var slot = Inspect(candidate);
            failures = await probe.ReadyAsync(preview: false, cancellation) ? 0 : failures + 1;
            if (log.ReadNew(runner, planner) is { } lines)
                answers += UpstreamErrors.Count(lines, $"{_topology.Address(candidate)}:8000");
            string? breach = !slot.Running ? $"the {candidate.Name()} container is {slot.Status}"
                : slot.Restarts > 0 ? $"the {candidate.Name()} container restarted {slot.Restarts} times"
                : failures >= timings.BakeFailuresInARow ? $"not ready {failures} times in a row through the public server"
                : answers.Requests >= timings.BakeMinimumRequests && answers.Ratio > timings.BakeErrorRatio
                    ? $"{answers.Errors} of its {answers.Requests} answers through the edge were 5xx or none ({answers.Ratio * 100:0}%, limit {timings.BakeErrorRatio * 100:0}%)"
                : null;
            if (breach is not null)
            {
                Log.Error("Bake breach: {Breach}; flipping back to {Old}", breach, old.Name());
                RouteTo(Route.To(old), $"flip back -> {old.Name()}");
                // A running candidate's sockets reconnect to the old colour over the drain. A crashed one's died with it,
                // and its restart is still starting: no drain, and a stop that cannot miss a restart under way.
                if (slot.Running && slot.Restarts == 0)
                {
                    runner.TryRun(planner.Drain(candidate, timings.Drain));
                    runner.TryRun(planner.Retire(candidate));
                }
                else
                    runner.TryRun(planner.StopCrashed(candidate));
                await AuditAsync(AuditAction.RolledBack, "bake", Inspect(old).Digest, old, cancellation, previous: _request.Release.Api, reason: breach);
                throw new DeploymentRolledBackException($"{_request.Release.Version} was rolled back automatically during the bake: {breach}. " +
                    $"The previous release ({old.Name()}) serves again. Logs: docker logs {_topology.ApiContainer(candidate)}");
            }
            await Task.Delay(timings.Poll, cancellation);
        }
    }

    bool SkippedInDryRun(string wait)
    {
        if (DryRun)
            Log.Information("(dry run) would wait {Wait}", wait);
        return DryRun;
    }

    T Phase<T>(string name, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        Log.Information("[{Environment}] {Phase} ...", _topology.Environment, name);
        var result = action();
        _phases[name] = stopwatch.Elapsed;
        CrashIfAskedAfter(name);
        return result;
    }

    void Phase(string name, Action action) => Phase(name, () => { action(); return 0; });

    Task PhaseAsync(string name, Func<Task> action) => PhaseAsync(name, async () => { await action(); return 0; });

    async Task<T> PhaseAsync<T>(string name, Func<Task<T>> action)
    {
        var stopwatch = Stopwatch.StartNew();
        Log.Information("[{Environment}] {Phase} ...", _topology.Environment, name);
        var result = await action();
        _phases[name] = stopwatch.Elapsed;
        CrashIfAskedAfter(name);
        return result;
    }

    void CrashIfAskedAfter(string phase)
    {
        if (CrashAfterPhase == phase)
        {
            Log.Fatal("PAZPAZ_DEPLOY_CRASH_AFTER={Phase}: killing this process, as a cancelled runner would (no finally, no unlock)", phase);
            Log.CloseAndFlush();
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    Task AuditAsync(AuditAction action, string? phase, string digest, Colour? colour, CancellationToken cancellation, string? previous = null, string? reason = null) =>
        auditor.RecordAsync(new AuditEvent
        {
            DeployId = _deployId,
            Time = DateTimeOffset.UtcNow,
            Environment = _topology.Environment,
            Action = action,
            Actor = _request.Actor,
            GitSha = _request.GitSha,
            Digest = digest,
            PreviousDigest = previous,
            Colour = colour?.Name(),
            Phase = phase,
            MigrationBefore = _migrationBefore,
            MigrationAfter = _migrationAfter,
            Result = action switch { AuditAction.Succeeded => "succeeded", AuditAction.Failed => "failed", AuditAction.RolledBack => "rolled_back", _ => null },
            FailureReason = reason,
            PhaseTimingsMs = _phases.ToDictionary(p => p.Key, p => (long)p.Value.TotalMilliseconds),
        }, cancellation);

    async Task TryAuditFailureAsync(Exception failure)
    {
        try
        {
            await AuditAsync(AuditAction.Failed, null, _request.Release.Api, null, CancellationToken.None, reason: failure.Message.Length > 300 ? failure.Message[..300] : failure.Message);
        }
        catch (Exception e)
        {
            // The original failure is the one to report; a ledger that cannot write is logged, not allowed to mask it.
            Log.Error("Could not record the failure in the ledger: {Message}", e.Message);
        }
    }
}
