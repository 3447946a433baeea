using Delivery.Audit;
using Delivery.Deployment;
using Delivery.Execution;
using Integration.Tests.Images;

namespace Integration.Tests.Deployment;

/// <summary>
/// Blue/green deploys on a real engine (anchors-deploy.md §5.4): each failure mode must end with the previous release
/// serving, the lock released, and the ledger telling the truth. A watcher polls the public server throughout.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DeploymentTests(DockerFixture docker) : IAsyncLifetime
{
    DeployEnvironment _environment = null!;

    public async Task InitializeAsync() => _environment = await DeployEnvironment.StartAsync(docker);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs <paramref name="deploy"/> while watching the public server; returns what the watcher saw.</summary>
    async Task<IReadOnlyList<string>> WatchingAsync(Func<Task> deploy)
    {
        using var stop = new CancellationTokenSource();
        var watcher = _environment.WatchAsync(stop.Token);
        try
        {
            await deploy();
        }
        finally
        {
            await Task.Delay(300, CancellationToken.None);
            await stop.CancelAsync();
        }
        return await watcher;
    }

    void AssertEndedCleanly(AuditAction last)
    {
        Assert.False(_environment.Locked, "the deploy lock was left behind");
        var verification = _environment.Ledger.Verify();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Breaks));
        Assert.Equal(last, _environment.Ledger.Last(1).Single().Action);
    }

    [Fact]
    public async Task A_new_release_takes_over_with_no_failed_request_and_the_old_colour_is_retired()
    {
        var before = await _environment.LiveVersionAsync();
        var next = await _environment.NextReleaseAsync();
        DeployOutcome outcome = null!;

        var seen = await WatchingAsync(async () => outcome = await _environment.DeployAsync(next));

        Assert.Equal(next.Version, await _environment.LiveVersionAsync());
        Assert.All(seen, answer => Assert.True(answer == before || answer == next.Version, $"the watcher saw '{answer}'"));
        Assert.Equal(next.Version, seen[^1]);
        Assert.Contains(before, seen);
        var old = new Delivery.Execution.ProcessStepRunner().Probe(new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>()).InspectSlot(outcome.Live.Other()));
        Assert.StartsWith("exited", old.Output);
        // Its restarts were off for the bake only.
        Assert.Equal(DeploymentPlanner.RestartPolicy, new Delivery.Execution.ProcessStepRunner().Probe(Step.Run("policy", "docker", "inspect", "--format",
            "{{.HostConfig.RestartPolicy.Name}}", _environment.Topology.ApiContainer(outcome.Live))).Output.Trim());
        AssertEndedCleanly(AuditAction.Succeeded);
    }

    [Fact]
    public async Task The_host_reaches_the_edge_from_the_gateway_compose_exempts_from_the_rate_limits()
    {
        // compose.yaml derives the exemption from PAZPAZ_EDGE_GATEWAY (compose.test.yaml sets no copy). Without it the
        // credentials bucket (5 a minute, burst 5) would answer the 7th of these 429; exempt, the api answers each.
        var statuses = await _environment.StatusesAsync("/api/v1/auth/login", 10);

        Assert.DoesNotContain(429, statuses);
        Assert.All(statuses, status => Assert.Equal(404, status));
    }

    [Fact]
    public async Task The_bakes_access_log_reader_counts_each_request_through_the_edge_once_poll_after_poll()
    {
        var planner = new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>());
        var runner = new Delivery.Execution.ProcessStepRunner();
        // Requests from before the test reach the log within nginx's 1 s flush, stamped when docker reads them.
        await Task.Delay(1500);
        // Four lines first, so the reads have to grow until they reach back to the start.
        var log = new AccessLogTail(DateTimeOffset.UtcNow, lines: 4);
        int ApiRequests(string lines) => new[] { _environment.Topology.BlueAddress, _environment.Topology.GreenAddress }
            .Sum(address => UpstreamErrors.Count(lines, $"{address}:8000").Requests);

        await _environment.GetVersionAsync(times: 30);
        var first = log.ReadNew(runner, planner);
        await _environment.GetVersionAsync(times: 20);
        var second = log.ReadNew(runner, planner);
        var third = log.ReadNew(runner, planner);

        Assert.Equal(30, ApiRequests(first!));
        Assert.Equal(20, ApiRequests(second!));
        Assert.Equal(0, ApiRequests(third!));
        Assert.True(log.Lines >= 64, $"the reads grew to {log.Lines} lines");
    }

    [Fact]
    public async Task An_unhealthy_release_never_takes_traffic_and_its_candidate_is_removed()
    {
        var before = await _environment.LiveVersionAsync();
        var broken = await _environment.NextReleaseAsync();

        Exception? failure = null;
        var seen = await WatchingAsync(async () => failure = await Record.ExceptionAsync(() => _environment.DeployAsync(broken, fault: "exit-at-start")));

        Assert.IsType<DeploymentException>(failure);
        Assert.Contains("did not become healthy", failure!.Message);
        Assert.All(seen, answer => Assert.Equal(before, answer));
        AssertEndedCleanly(AuditAction.Failed);
    }

    [Fact]
    public async Task A_release_that_crashes_after_the_switch_is_rolled_back_by_the_bake()
    {
        var before = await _environment.LiveVersionAsync();
        var crashing = await _environment.NextReleaseAsync();

        Exception? failure = null;
        var seen = await WatchingAsync(async () => failure = await Record.ExceptionAsync(() =>
            _environment.DeployAsync(crashing, fault: "exit-after:12", bake: TimeSpan.FromSeconds(40))));

        Assert.IsType<DeploymentRolledBackException>(failure);
        Assert.Equal(before, await _environment.LiveVersionAsync());
        Assert.Contains(crashing.Version, seen);
        Assert.Equal(before, seen[^1]);
        AssertEndedCleanly(AuditAction.RolledBack);
        // The crashed colour was never restarted: its restarts were off for the bake, and it stays stopped.
        var slots = Colours.Select(c => new ProcessStepRunner().Probe(Step.Run("slot", "docker", "inspect", "--format",
            "{{.State.Status}} {{.HostConfig.RestartPolicy.Name}} {{.RestartCount}}", _environment.Topology.ApiContainer(c))).Output.Trim()).ToList();
        Assert.Contains("exited no 0", slots);
        Assert.Contains("running unless-stopped 0", slots);
    }

    static readonly Colour[] Colours = Enum.GetValues<Colour>();

    [Fact]
    public async Task A_configuration_nginx_rejects_stops_the_deploy_before_any_change()
    {
        var before = await _environment.LiveVersionAsync();
        var next = await _environment.NextReleaseAsync();
        Assert.True(_environment.Exec("sh", "-c", "echo 'this is not nginx' > /etc/nginx/pazpaz/live/upstreams/zz-broken.conf").Succeeded);
        try
        {
            var failure = await Record.ExceptionAsync(() => _environment.DeployAsync(next));

            Assert.NotNull(failure);
            Assert.Contains("nginx", failure.Message);
            Assert.Equal(before, await _environment.LiveVersionAsync());
            AssertEndedCleanly(AuditAction.Failed);
        }
        finally
        {
            Assert.True(_environment.Exec("rm", "-f", "/etc/nginx/pazpaz/live/upstreams/zz-broken.conf").Succeeded);
        }
    }

    [Fact]
    public async Task A_route_that_cannot_be_written_fails_the_switch_before_any_request_moves_and_the_previous_route_stays()
    {
        var live = Route.Parse(_environment.Exec("readlink", "/etc/nginx/pazpaz/live/route").Output).Live!.Value;
        var state = Route.To(live.Other(), backup: true).Name;
        var before = await _environment.LiveVersionAsync();
        var next = await _environment.NextReleaseAsync();
        // Once the candidate has started, the directory of the state the switch needs turns read-only and empty (a volume
        // that no longer takes writes): the switch's write fails before the link is renamed.
        var readOnly = new FaultAfterStep(new Delivery.Execution.ProcessStepRunner(), $"Start {live.Other().Name()}",
            $"Start {next.Version} in the idle {live.Other().Name()} slot ({_environment.Topology.Address(live.Other())})",
            Delivery.Execution.Step.Run("make the route's directory read-only", "docker", "exec", _environment.Topology.ProxyContainer, "sh", "-c",
                "cd /etc/nginx/pazpaz/live && mkdir -p \"routes/$0\" && rm -f \"routes/$0\"/* && chmod 555 \"routes/$0\"", state));
        try
        {
            Exception? failure = null;
            var seen = await WatchingAsync(async () => failure = await Record.ExceptionAsync(() =>
                _environment.Deployer(runner: readOnly).DeployAsync(new DeployRequest(next, "it:route", "integration"))));

            var failed = Assert.IsType<DeploymentException>(failure);
            Assert.StartsWith($"The switch to {live.Other().Name()} failed and was undone: the previous route ({live.Name()}) is back", failed.Message);
            Assert.Contains("Permission denied", failed.Message);
            Assert.All(seen, answer => Assert.Equal(before, answer));
            Assert.Equal(before, await _environment.LiveVersionAsync());
            Assert.Equal("routes/" + live.Name(), _environment.Exec("readlink", "/etc/nginx/pazpaz/live/route").Output.Trim());
            AssertEndedCleanly(AuditAction.Failed);
        }
        finally
        {
            _environment.Exec("chmod", "755", "/etc/nginx/pazpaz/live/routes/" + state);
        }
    }

    [Fact]
    public async Task A_reload_nginx_rejects_after_a_passing_test_takes_maintenance_back_out_and_the_ledger_says_so()
    {
        var before = await _environment.LiveVersionAsync();
        var planner = new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>());
        // After `nginx -t` passed, the include becomes unreadable: the reload is refused ([emerg]) and nginx keeps serving
        // the old configuration. A switch never reloads; maintenance, a new SPA and a certificate do.
        var unreadable = new FaultAfterStep(new Delivery.Execution.ProcessStepRunner(), "Maintenance on", "nginx accepts the configuration",
            Delivery.Execution.Step.Run("make the include unreadable", "docker", "exec", _environment.Topology.ProxyContainer, "chmod", "000", "/etc/nginx/pazpaz/live/maintenance.conf"));
        var maintenance = new MaintenanceMode(planner, unreadable, new NotifyingAuditor(_environment.Ledger, []), _environment.Probe);

        Exception? failure = null;
        var seen = await WatchingAsync(async () => failure = await Record.ExceptionAsync(() => maintenance.SwitchAsync(true, "it:maintenance")));

        var rejected = Assert.IsType<BuildEngine.Tooling.ProcessException>(failure);
        Assert.Contains("[emerg]", rejected.Message);
        Assert.All(seen, answer => Assert.Equal(before, answer));
        Assert.Equal(before, await _environment.LiveVersionAsync());
        Assert.False(_environment.Exec("test", "-e", "/etc/nginx/pazpaz/live/maintenance.conf").Succeeded, "the maintenance include must be gone");
        Assert.True(_environment.Exec("nginx", "-t", "-q").Succeeded);
        var off = _environment.Ledger.Last(1).Single();
        Assert.Equal((AuditAction.MaintenanceOff, "failed"), (off.Action, off.Result));
        AssertEndedCleanly(AuditAction.MaintenanceOff);
    }

    [Fact]
    public async Task Of_two_concurrent_deploys_exactly_one_runs_and_the_other_names_the_holder()
    {
        var (first, second) = (await _environment.NextReleaseAsync(), await _environment.NextReleaseAsync());

        var results = await Task.WhenAll(
            Record.ExceptionAsync(() => _environment.DeployAsync(first)),
            Record.ExceptionAsync(async () => { await Task.Delay(200); await _environment.DeployAsync(second); }));

        Assert.Null(results[0]);
        var refused = Assert.IsType<DeploymentException>(results[1]);
        Assert.Contains("is locked by another deploy: holder 'it:", refused.Message);
        Assert.Equal(first.Version, await _environment.LiveVersionAsync());
        Assert.DoesNotContain(_environment.Ledger.Last(10), r => r.Digest == second.Api);
        AssertEndedCleanly(AuditAction.Succeeded);
    }

    [Fact]
    public async Task A_manual_rollback_puts_the_previous_release_back_without_migrating_and_with_no_failed_request()
    {
        var before = await _environment.LiveVersionAsync();
        var next = await _environment.NextReleaseAsync();
        await _environment.DeployAsync(next);

        var seen = await WatchingAsync(() => _environment.Deployer().RollbackAsync(RollbackRequest.From(_environment.Ledger, "previous", "it:rollback")));
        var again = await _environment.Deployer().RollbackAsync(RollbackRequest.From(_environment.Ledger, "previous", "it:rollback"));

        Assert.Equal(before, await _environment.LiveVersionAsync());
        Assert.All(seen, answer => Assert.True(answer == before || answer == next.Version, $"the watcher saw '{answer}'"));
        Assert.Equal(before, seen[^1]);
        Assert.DoesNotContain(_environment.Ledger.Last(6), r => r.Phase == "migrate" && r.Actor == "it:rollback");
        Assert.Equal("unchanged", again.Version);
        Assert.Equal(before, await _environment.LiveVersionAsync());
        // The schema check read the database (the target's head is its revision) and the ledger says so.
        var rolledBack = _environment.Ledger.Last(1).Single();
        Assert.NotNull(rolledBack.MigrationBefore);
        Assert.Equal(rolledBack.MigrationBefore, rolledBack.MigrationAfter);
        AssertEndedCleanly(AuditAction.RolledBack);
    }

    [Fact]
    public async Task A_dry_run_decides_from_the_live_environment_prints_its_plans_and_changes_nothing()
    {
        var before = await _environment.LiveVersionAsync();
        var route = _environment.Exec("readlink", "/etc/nginx/pazpaz/live/route").Output.Trim();
        var live = Route.Parse(route).Live!.Value;
        var records = _environment.Ledger.Last(int.MaxValue).Count;
        var next = await _environment.NextReleaseAsync();
        var dryRun = new Delivery.Execution.DryRunStepRunner(new Delivery.Execution.ProcessStepRunner());

        var outcome = await _environment.Deployer(runner: dryRun, dryRun: true).DeployAsync(new DeployRequest(next, "it:dry-run", "integration"));

        Assert.Equal(live.Other(), outcome.Live);
        Assert.Contains($"Start {live.Other().Name()}", dryRun.Plans.Select(p => p.Title));
        Assert.Contains($"live -> {live.Other().Name()}", dryRun.Plans.Select(p => p.Title));
        Assert.Equal(before, await _environment.LiveVersionAsync());
        Assert.Equal(route, _environment.Exec("readlink", "/etc/nginx/pazpaz/live/route").Output.Trim());
        Assert.Equal(records, _environment.Ledger.Last(int.MaxValue).Count);
        Assert.False(_environment.Locked);
        var candidate = new Delivery.Execution.ProcessStepRunner().Probe(new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>()).InspectSlot(live.Other()));
        Assert.False(candidate.Succeeded && candidate.Output.StartsWith("running", StringComparison.Ordinal), $"the dry run started the candidate: {candidate.Output}");
    }

    [Fact]
    public async Task Maintenance_answers_503_on_the_api_keeps_health_and_is_audited_on_and_off()
    {
        var planner = new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>());
        var maintenance = new MaintenanceMode(planner, new Delivery.Execution.ProcessStepRunner(), new NotifyingAuditor(_environment.Ledger, []), _environment.Probe);

        await maintenance.SwitchAsync(true, "it:maintenance");
        var during = await _environment.LiveVersionAsync();
        var ready = await _environment.Probe.ReadyAsync(preview: false, CancellationToken.None);
        await maintenance.SwitchAsync(false, "it:maintenance");

        Assert.Null(during);
        Assert.False(ready);
        Assert.NotNull(await _environment.LiveVersionAsync());
        Assert.Equal([AuditAction.MaintenanceOn, AuditAction.MaintenanceOff], _environment.Ledger.Last(2).Select(r => r.Action));
        AssertEndedCleanly(AuditAction.MaintenanceOff);
    }

    [Fact]
    public async Task An_unreachable_registry_aborts_before_anything_changes()
    {
        var before = await _environment.LiveVersionAsync();
        var current = await _environment.NextReleaseAsync();
        var unreachable = current with
        {
            Images = new Dictionary<string, string>(current.Images) { ["api"] = "127.0.0.1:9/pazpaz/api@sha256:" + new string('0', 64) },
        };

        var failure = await Record.ExceptionAsync(() => _environment.DeployAsync(unreachable));

        Assert.NotNull(failure);
        Assert.Contains("docker", failure.Message);
        Assert.Equal(before, await _environment.LiveVersionAsync());
        AssertEndedCleanly(AuditAction.Failed);
        Assert.DoesNotContain(_environment.Ledger.Last(3), r => r.Phase is "start" or "switch");
    }

    public static TheoryData<string> Phases => new(["preflight", "reconcile", "pull", "shared", "migrate", "start", "gate", "preview", "switch", "bake", "web", "retire"]);

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_deploy_killed_after_a_phase_keeps_its_lock_until_the_lease_ends_and_the_rerun_finishes_it_with_the_ledger_telling_the_truth(string phase)
    {
        var before = await _environment.LiveVersionAsync();
        var next = await _environment.NextReleaseAsync();
        var lease = TimeSpan.FromSeconds(2);
        (int ExitCode, string Output) killed = default;
        var lockedAfterTheKill = false;

        var seen = await WatchingAsync(async () =>
        {
            killed = await _environment.DeployKilledAfterAsync(next, phase, lease);
            lockedAfterTheKill = _environment.Locked;
            await Task.Delay(lease + TimeSpan.FromSeconds(1));
            await _environment.DeployAsync(next);
        });

        Assert.True(killed.ExitCode == KilledDeploy.Killed, $"the child was to be killed after '{phase}' but exited {killed.ExitCode}:\n{killed.Output}");
        Assert.True(lockedAfterTheKill, "a killed deploy's lock must stay until its lease ends");
        Assert.Equal(next.Version, await _environment.LiveVersionAsync());
        Assert.All(seen, answer => Assert.True(answer == before || answer == next.Version, $"the watcher saw '{answer}'"));
        Assert.Equal(next.Version, seen[^1]);

        var records = _environment.Ledger.Last(40);
        var dead = records.Last(r => r.Action == AuditAction.Started && r.Actor == "it:killed");
        var rerun = records[^1];
        Assert.Contains(records, r => r.Action == AuditAction.LockBroken && r.FailureReason!.Contains(dead.DeployId, StringComparison.Ordinal));
        var closed = Assert.Single(records, r => r.Action == AuditAction.Interrupted && r.DeployId == dead.DeployId);
        Assert.Contains(rerun.DeployId, closed.FailureReason);
        // Killed after its switch, the release is already live: the rerun finishes that deploy rather than starting another.
        var switched = phase is "switch" or "bake" or "web" or "retire";
        Assert.Contains(switched ? "finishes its bake and retire" : "starts over", closed.FailureReason);
        Assert.Equal(!switched, records.Any(r => r.DeployId == rerun.DeployId && r.Phase == "start"));
        Assert.Equal(rerun.Colour, Route.Parse(_environment.Exec("readlink", "/etc/nginx/pazpaz/live/route").Output).Live?.Name());
        var idle = new Delivery.Execution.ProcessStepRunner().Probe(new DeploymentPlanner(_environment.Topology, new Dictionary<string, string>(), new Dictionary<string, string>())
            .InspectSlot(Enum.Parse<Colour>(rerun.Colour!, ignoreCase: true).Other()));
        Assert.False(idle.Succeeded && idle.Output.StartsWith("running", StringComparison.Ordinal), $"the idle colour still runs: {idle.Output}");
        AssertEndedCleanly(AuditAction.Succeeded);
    }
}
