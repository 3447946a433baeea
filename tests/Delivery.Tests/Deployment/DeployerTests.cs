using Delivery.Audit;
using Delivery.Deployment;
using Delivery.Execution;

namespace Delivery.Tests.Deployment;

/// <summary>The deploy script against a scripted host: which plans run, in what order, what is undone, what is audited.</summary>
public sealed class DeployerTests
{
    static readonly Topology Staging = new()
    {
        Environment = "staging",
        Project = "pazpaz-staging",
        Compose = ["docker", "compose", "-p", "pazpaz-staging"],
        BlueAddress = "172.16.20.11",
        GreenAddress = "172.16.20.12",
        HttpsPort = 9443,
        PreviewPort = 9081,
    };

    static readonly Release Next = new("1.2.0", Release.Services.ToDictionary(s => s, s => $"registry/pazpaz/{s}@sha256:{s}next"));
    static readonly DeploymentTimings Fast = new() { HealthTimeout = TimeSpan.FromSeconds(2), Bake = TimeSpan.FromMilliseconds(300), Drain = TimeSpan.Zero, Poll = TimeSpan.FromMilliseconds(10), SwitchVerification = TimeSpan.FromMilliseconds(300) };

    /// <summary>A host where blue is live with 1.1.0, the proxy runs, and green will turn healthy unless told otherwise.</summary>
    sealed class ScriptedHost : IStepRunner, IReleaseProbe, IDeployAuditor
    {
        public List<string> Plans { get; } = [];
        public List<AuditEvent> Audit { get; } = [];
        public Route LiveRoute { get; set; } = Route.To(Colour.Blue);

        /// <summary>An edge that keeps serving the old colour whatever the route says (its markers unreadable, say).</summary>
        public bool EdgeIgnoresRoute { get; set; }
        public string GreenHealth { get; set; } = "healthy";
        public int GreenRestartsAfterSwitch { get; set; }
        /// <summary>Green's state once public traffic is on it: "exited" is a crash with its restarts off.</summary>
        public string GreenStatusAfterSwitch { get; set; } = "running";
        public string AccessLogAfterSwitch { get; set; } = "";
        public bool WebRecreated { get; set; }
        public string? FailPlan { get; set; }
        public bool LockHeld { get; set; }
        public Queue<string> OldWorkerCounts { get; } = new();
        public List<string> ImagesOnEngine { get; } = [Next.Api + " <none>", "registry/pazpaz/api@sha256:old <none>", "registry/pazpaz/api@<none> bench-1"];
        public string LockLabels { get; set; } = "ci:alice|01JOTHER|1893456000";
        public bool Switched => LiveRoute.Live == Colour.Green;
        bool _greenStarted;

        public void Run(Plan plan)
        {
            Plans.Add(plan.Title);
            if (plan.Title == FailPlan || plan.Title.StartsWith("Lock", StringComparison.Ordinal) && LockHeld)
                throw new InvalidOperationException($"{plan.Title} failed");
            if (plan.Title.StartsWith("Unlock", StringComparison.Ordinal))
                LockHeld = false;
            else if (plan.Title.StartsWith("Lock", StringComparison.Ordinal))
            {
                var labels = plan.Steps[0].Command.Where(a => a.StartsWith("org.pazpaz.lock.", StringComparison.Ordinal)).Select(a => a.Split('=', 2)[1]).ToList();
                (LockHeld, LockLabels) = (true, string.Join('|', labels));
            }
            if (plan.Title == "Start green")
                _greenStarted = true;
            if (plan.Title == "Remove green")
                _greenStarted = false;
            if (plan.Steps is [{ Description: var route }] && route.StartsWith("Route the edge", StringComparison.Ordinal))
                LiveRoute = Route.Parse(plan.Steps[0].Command[^2]);
        }

        public StepResult Probe(Step step) => step.Description switch
        {
            "Is the proxy running?" => new(0, "true"),
            "Read the edge's route" => new(0, "routes/" + LiveRoute.Name + "\n"),
            "Inspect the blue slot" => new(0, "running healthy 0 registry/pazpaz/api@sha256:old sha256:old"),
            "Inspect the green slot" => _greenStarted
                ? new(0, $"{(Switched ? GreenStatusAfterSwitch : "running")} {GreenHealth} {(Switched ? GreenRestartsAfterSwitch : 0)} {Next.Api} {Next.Api}")
                : new(1, "Error: No such object"),
            "Who holds the deploy lock?" => LockHeld ? new(0, LockLabels) : new(1, "Error: No such object"),
            // Stamped after any bake's start, so the first read takes every line and later reads find nothing new.
            "Read the proxy's access log" => new(0, Switched ? string.Join('\n', AccessLogAfterSwitch.Split('\n').Select(l => "2099-01-01T00:00:00.000000001Z " + l)) : ""),
            "Count nginx's old workers" => new(0, OldWorkerCounts.TryDequeue(out var count) ? count : "0"),
            "List nginx's current workers" => new(0, "101,102"),
            "Which container serves web?" => new(0, Plans.Contains("Update the SPA") && WebRecreated ? "web-2" : "web-1"),
            "Read the database's migration revision" => new(0, Plans.Contains("Migrate") ? "0003\n" : "0002\n"),
            "Which images do containers use?" => new(0, $"registry/pazpaz/api@sha256:old\n{Next.Api}\n"),
            _ when step.Description.StartsWith("List the images of registry/pazpaz/", StringComparison.Ordinal) =>
                new(0, string.Join('\n', ImagesOnEngine.Where(i => i.StartsWith(step.Description["List the images of ".Length..] + "@", StringComparison.Ordinal)))),
            _ when step.Description.StartsWith("Is registry/", StringComparison.Ordinal) => new(1, "Error: No such image"),
            _ => throw new InvalidOperationException("unexpected probe: " + step.Description),
        };

        public Task<string?> LiveVersionAsync(CancellationToken cancellation) => Task.FromResult<string?>(Switched && !EdgeIgnoresRoute ? "1.2.0" : "1.1.0");

        public Task<string?> PreviewVersionAsync(CancellationToken cancellation) => Task.FromResult<string?>("1.2.0");

        public Task<bool> ReadyAsync(bool preview, CancellationToken cancellation) => Task.FromResult(true);

        public IReadOnlyList<AuditEvent> Recent(int count) => Audit.TakeLast(count).ToList();

        public Task<AuditEvent> RecordAsync(AuditEvent record, CancellationToken cancellation = default)
        {
            Audit.Add(record);
            return Task.FromResult(record);
        }
    }

    static Deployer DeployerFor(ScriptedHost host) =>
        new(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()), host, host, host, Fast) { CrashAfterPhase = null };

    static Task<DeployOutcome> DeployAsync(ScriptedHost host) => DeployerFor(host).DeployAsync(new DeployRequest(Next, "ci:bob", "abc123"));

    [Fact]
    public async Task A_good_release_goes_to_the_idle_colour_switches_bakes_retires_the_old_and_unlocks()
    {
        var host = new ScriptedHost();

        var outcome = await DeployAsync(host);

        Assert.Equal(Colour.Green, outcome.Live);
        Assert.True(host.Switched);
        // The preview server already serves the idle colour, and no step reloads nginx.
        Assert.Equal(["Lock staging", "Preflight", "Pull the release", "Shared services", "Migrate", "Start green",
            "live -> green", "green bakes without restarts", "green restarts by itself again", "Update the SPA", "live -> green alone", "Drain blue", "Retire blue", "Unlock staging"], host.Plans);
        Assert.Equal(Route.To(Colour.Green), host.LiveRoute);
        Assert.True(host.Plans.IndexOf("Update the SPA") > host.Plans.IndexOf("live -> green"), "the SPA changes only after the bake");
        Assert.Equal([AuditAction.Started, AuditAction.Phase, AuditAction.Phase, AuditAction.Phase, AuditAction.Switched, AuditAction.Succeeded],
            host.Audit.Select(a => a.Action));
        Assert.Equal("sha256:old", host.Audit[^1].PreviousDigest);
    }

    [Fact]
    public async Task Nginx_reloads_for_the_SPA_only_when_compose_recreated_web()
    {
        var unchanged = new ScriptedHost();
        var recreated = new ScriptedHost { WebRecreated = true };

        await DeployAsync(unchanged);
        await DeployAsync(recreated);

        Assert.DoesNotContain("Resolve web", unchanged.Plans);
        Assert.Equal(["Update the SPA", "Resolve web", "live -> green alone"], recreated.Plans.SkipWhile(p => p != "Update the SPA").Take(3));
    }

    [Fact]
    public async Task The_old_colour_stops_only_once_nginxs_old_workers_are_gone()
    {
        var host = new ScriptedHost();
        foreach (var count in new[] { "2", "1" })
            host.OldWorkerCounts.Enqueue(count);

        await DeployAsync(host);

        Assert.Empty(host.OldWorkerCounts);
        // While waiting, stragglers (handshakes still passing through an old worker) are asked to move again.
        Assert.True(host.Plans.Count(p => p == "Drain blue") >= 2, string.Join(", ", host.Plans));
        Assert.Equal(["Drain blue", "Drain green", "Retire blue", "Unlock staging"], host.Plans[^4..]);
    }

    [Fact]
    public async Task Old_workers_that_outlive_the_wait_are_ended_before_the_old_colour_stops()
    {
        var host = new ScriptedHost();
        for (var i = 0; i < 10_000; i++)
            host.OldWorkerCounts.Enqueue("1");
        var deployer = new Deployer(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()), host, host, host,
            Fast with { OldWorkers = TimeSpan.FromMilliseconds(100) }) { CrashAfterPhase = null };

        await deployer.DeployAsync(new DeployRequest(Next, "ci:bob", "abc123"));

        Assert.Equal(["End nginx's old workers", "Retire blue", "Unlock staging"], host.Plans[^3..]);
    }

    [Fact]
    public async Task While_the_new_colour_bakes_the_old_one_is_its_backup_in_the_route()
    {
        var host = new ScriptedHost { FailPlan = "Update the SPA" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(host));

        Assert.Equal(Route.To(Colour.Green, backup: true), host.LiveRoute);
        Assert.Equal("green+blue", host.LiveRoute.Name);
    }

    [Fact]
    public async Task An_unhealthy_candidate_is_removed_before_any_traffic_moves_and_the_failure_is_audited()
    {
        var host = new ScriptedHost { GreenHealth = "unhealthy" };

        var error = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(host));

        Assert.Contains("did not become healthy", error.Message);
        Assert.False(host.Switched);
        Assert.DoesNotContain(host.Plans, p => p.StartsWith("live ->", StringComparison.Ordinal) || p.StartsWith("preview", StringComparison.Ordinal));
        // No reload happened, so no WebSocket is asked to move.
        Assert.Equal(["Remove green", "Unlock staging"], host.Plans[^2..]);
        Assert.Equal(AuditAction.Failed, host.Audit[^1].Action);
    }

    [Fact]
    public async Task A_route_that_cannot_be_written_at_the_switch_is_put_back_and_blue_stays_live()
    {
        var host = new ScriptedHost { FailPlan = "live -> green" };

        var error = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(host));

        Assert.StartsWith("The switch to green failed and was undone: the previous route (blue) is back", error.Message);
        Assert.EndsWith("Cause: live -> green failed", error.Message);
        Assert.False(host.Switched);
        // Nothing reloaded, so no WebSocket is asked to move.
        Assert.Equal(["live -> green", "route back -> blue", "Remove green", "Unlock staging"], host.Plans[^4..]);
        Assert.Equal(AuditAction.Failed, host.Audit[^1].Action);
    }

    [Fact]
    public async Task A_route_the_edge_does_not_follow_is_put_back_once_the_public_version_fails_to_change()
    {
        var host = new ScriptedHost { EdgeIgnoresRoute = true };

        var error = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(host));

        Assert.Contains("the public server answers version '1.1.0', not 1.2.0", error.Message);
        Assert.Equal(Route.To(Colour.Blue), host.LiveRoute);
        Assert.Equal(["live -> green", "route back -> blue", "Remove green", "Unlock staging"], host.Plans[^4..]);
        Assert.Equal(AuditAction.Failed, host.Audit[^1].Action);
    }

    [Fact]
    public async Task A_restart_during_the_bake_flips_back_to_the_warm_old_colour_and_records_the_rollback()
    {
        var host = new ScriptedHost { GreenRestartsAfterSwitch = 1 };

        var error = await Assert.ThrowsAsync<DeploymentRolledBackException>(() => DeployAsync(host));

        Assert.Contains("restarted 1 times", error.Message);
        Assert.False(host.Switched);
        // Its sockets died with the crash: no drain, straight to a stop that turns its restarts off first.
        Assert.Equal(["live -> green", "green bakes without restarts", "flip back -> blue", "Stop crashed green", "Unlock staging"], host.Plans[^5..]);
        Assert.Equal(Route.To(Colour.Blue), host.LiveRoute);
        Assert.Equal(AuditAction.RolledBack, host.Audit[^1].Action);
        Assert.DoesNotContain(host.Audit, a => a.Action == AuditAction.Failed);
    }

    [Fact]
    public async Task A_crash_during_the_bake_is_not_restarted_and_flips_back_to_the_warm_old_colour()
    {
        var host = new ScriptedHost { GreenStatusAfterSwitch = "exited" };

        var error = await Assert.ThrowsAsync<DeploymentRolledBackException>(() => DeployAsync(host));

        Assert.Contains("the green container is exited", error.Message);
        Assert.Equal(["live -> green", "green bakes without restarts", "flip back -> blue", "Stop crashed green", "Unlock staging"], host.Plans[^5..]);
        Assert.Equal(Route.To(Colour.Blue), host.LiveRoute);
        Assert.Equal(AuditAction.RolledBack, host.Audit[^1].Action);
    }

    [Fact]
    public void The_bake_turns_the_candidates_restarts_off_and_back_to_composes_policy()
    {
        var planner = new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal("docker update --restart no pazpaz-staging-api-green-1", planner.Restarts(Colour.Green, on: false).Steps.Single().ToString());
        Assert.Equal("docker update --restart unless-stopped pazpaz-staging-api-green-1", planner.Restarts(Colour.Green, on: true).Steps.Single().ToString());
        // The policy put back is the one compose gives both colours, so a later compose run sees nothing to change.
        var compose = Delivery.Scanning.Policy.ComposeFile.Parse("compose.yaml", File.ReadAllText(Environments.RepositoryRoot.Path / "compose" / "compose.yaml"));
        Assert.All(compose.Services.Where(s => s.Name is "api-blue" or "api-green"), s => Assert.Equal(DeploymentPlanner.RestartPolicy, s.Settings.Scalar("restart")?.Value));
        Assert.Equal(2, compose.Services.Count(s => s.Name is "api-blue" or "api-green"));
    }

    [Fact]
    public async Task Too_many_5xx_answers_from_the_new_colour_during_the_bake_flip_back_and_say_how_many()
    {
        static string Line(string address, string status) => $$"""{"status":{{status.Split(',')[^1].Trim()}},"upstream_addr":"{{address}}","upstream_status":"{{status}}"}""";
        var green = $"{Staging.GreenAddress}:8000";
        var log = string.Join('\n', Enumerable.Range(0, 18).Select(_ => Line(green, "200")).Concat(Enumerable.Repeat(Line(green, "500"), 2))
            .Append(Line($"{green}, {Staging.BlueAddress}:8000", "502, 200")));
        var host = new ScriptedHost { AccessLogAfterSwitch = log };

        var error = await Assert.ThrowsAsync<DeploymentRolledBackException>(() => DeployAsync(host));

        Assert.True(error.Message.Contains("3 of its 21 answers through the edge were 5xx or none (14%, limit 5%)", StringComparison.Ordinal), error.Message);
        Assert.False(host.Switched);
        // Still running: its WebSockets are moved over the drain before the stop.
        Assert.Equal(["flip back -> blue", "Drain green", "Retire green", "Unlock staging"], host.Plans[^4..]);
        Assert.Equal(AuditAction.RolledBack, host.Audit[^1].Action);
    }

    [Fact]
    public void Upstream_errors_count_every_attempt_at_the_address_and_ignore_other_lines()
    {
        var log = string.Join('\n',
            """{"status":200,"upstream_addr":"10.0.0.2:8000","upstream_status":"200"}""",
            """{"status":200,"upstream_addr":"10.0.0.2:8000, 10.0.0.3:8000","upstream_status":"502, 200"}""",
            """{"status":504,"upstream_addr":"10.0.0.2:8000","upstream_status":"-"}""",
            """{"status":200,"upstream_addr":"10.0.0.3:8000","upstream_status":"200"}""",
            """{"status":404,"upstream_addr":"","upstream_status":""}""",
            "2026/11/27 12:00:00 [error] 12#12: upstream timed out",
            "{not json");

        Assert.Equal(new UpstreamErrors(3, 2), UpstreamErrors.Count(log, "10.0.0.2:8000"));
        Assert.Equal(new UpstreamErrors(2, 0), UpstreamErrors.Count(log, "10.0.0.3:8000"));
        Assert.Equal(0, new UpstreamErrors(0, 0).Ratio);
    }

    [Fact]
    public async Task A_held_lock_fails_fast_naming_the_holder_and_changes_nothing_not_even_the_other_deploys_lock()
    {
        var host = new ScriptedHost { LockHeld = true };

        var error = await Assert.ThrowsAsync<DeploymentException>(() => DeployAsync(host));

        Assert.Contains("locked by another deploy: holder 'ci:alice', deploy 01JOTHER, lease until 2030-01-01", error.Message);
        Assert.Equal(["Lock staging"], host.Plans);
        Assert.True(host.LockHeld);
        Assert.Empty(host.Audit);
    }

    [Fact]
    public async Task A_lock_whose_lease_ran_out_is_broken_audited_and_taken()
    {
        var host = new ScriptedHost { LockHeld = true, LockLabels = "ci:carol|01DEAD|1000000000" };

        await DeployAsync(host);

        Assert.Equal(["Lock staging", "Unlock staging", "Lock staging", "Preflight"], host.Plans[..4]);
        Assert.Equal(AuditAction.LockBroken, host.Audit[0].Action);
        Assert.Contains("lease expired: holder 'ci:carol', deploy 01DEAD", host.Audit[0].FailureReason);
        Assert.Equal(AuditAction.Succeeded, host.Audit[^1].Action);
    }

    static AuditEvent Record(string deployId, AuditAction action, string? phase = null, string? colour = null, string? digest = null) => new()
    {
        DeployId = deployId, Time = DateTimeOffset.UtcNow, Environment = "staging", Action = action, Actor = "ci:dead", Phase = phase, Digest = digest ?? Next.Api, Colour = colour,
    };

    [Fact]
    public async Task A_slot_left_running_by_a_dead_deploy_is_removed_before_the_new_candidate_starts_and_the_dead_deploy_is_closed_in_the_ledger()
    {
        var host = new ScriptedHost();
        host.Run(new Plan("Start green", []));
        host.Plans.Clear();
        host.Audit.AddRange([Record("01DEAD", AuditAction.Started), Record("01DEAD", AuditAction.Phase, "start")]);

        var outcome = await DeployAsync(host);

        Assert.Equal(["Lock staging", "Preflight", "Remove green", "Pull the release"], host.Plans[..4]);
        var closed = Assert.Single(host.Audit, a => a.Action == AuditAction.Interrupted);
        Assert.Equal("01DEAD", closed.DeployId);
        Assert.Equal("ci:bob", closed.Actor);
        Assert.Equal($"no ending recorded after phase start; the green slot it left running is removed; deploy {outcome.DeployId} starts over", closed.FailureReason);
        Assert.True(host.Audit.IndexOf(closed) < host.Audit.FindIndex(a => a.Action == AuditAction.Phase && a.DeployId == outcome.DeployId),
            "the dead deploy is closed before this one changes anything");
    }

    [Fact]
    public async Task A_deploy_of_the_same_release_killed_after_its_switch_is_finished_not_redone_bake_web_retire()
    {
        var host = new ScriptedHost();
        host.Run(new Plan("Start green", []));
        host.Run(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()).Route(Route.To(Colour.Green, backup: true), "live -> green"));
        host.Plans.Clear();
        // Killed between the route's write and the switched record: the route, not the ledger, says the switch happened.
        host.Audit.AddRange([Record("01DEAD", AuditAction.Started), Record("01DEAD", AuditAction.Phase, "switch", "green")]);

        var outcome = await DeployAsync(host);

        Assert.Equal(Colour.Green, outcome.Live);
        Assert.Equal(["Lock staging", "Preflight", "green bakes without restarts", "green restarts by itself again", "Update the SPA", "live -> green alone", "Drain blue", "Retire blue", "Unlock staging"], host.Plans);
        Assert.Equal([AuditAction.Started, AuditAction.Interrupted, AuditAction.Switched, AuditAction.Succeeded], host.Audit.Skip(2).Select(a => a.Action));
        // The inherited switch is recorded under this deploy, so "Rollback --to previous" undoes it.
        Assert.Equal(("resume", outcome.DeployId, "sha256:old"), (host.Audit[^2].Phase, host.Audit[^2].DeployId, host.Audit[^2].PreviousDigest));
        Assert.Equal("sha256:old", host.Audit[^1].PreviousDigest);
    }

    /// <summary>A deploy of <paramref name="digest"/> to green, killed in its bake: green live with blue as its backup, no ending in the ledger.</summary>
    static ScriptedHost KilledInItsBake(ScriptedHost host, string digest)
    {
        host.Run(new Plan("Start green", []));
        host.Run(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()).Route(Route.To(Colour.Green, backup: true), "live -> green"));
        host.Plans.Clear();
        host.Audit.AddRange([Record("01DEAD", AuditAction.Started, digest: digest), Record("01DEAD", AuditAction.Switched, "switch", "green", digest)]);
        return host;
    }

    [Fact]
    public async Task A_release_that_crashed_after_its_deploy_was_killed_in_the_bake_gives_way_to_its_backup_and_the_rerun_starts_over()
    {
        // The same release: had it been running, the rerun would have finished its bake.
        var host = KilledInItsBake(new ScriptedHost { GreenStatusAfterSwitch = "exited" }, Next.Api);

        // (The rerun's own release crashes again in its bake: this host's green exits whenever it is live.)
        await Assert.ThrowsAsync<DeploymentRolledBackException>(() => DeployAsync(host));

        Assert.Equal(["Lock staging", "Preflight", "live -> blue alone", "Remove green", "Pull the release"], host.Plans[..5]);
        var closed = Assert.Single(host.Audit, a => a.Action == AuditAction.Interrupted);
        Assert.Contains("its release on green had crashed (exited) and blue served as its backup: blue stays live alone, green is removed", closed.FailureReason);
    }

    [Fact]
    public async Task A_deploy_of_another_release_after_one_killed_in_its_bake_turns_the_live_colours_restarts_back_on()
    {
        var host = KilledInItsBake(new ScriptedHost(), "registry/pazpaz/api@sha256:other");

        // Only the reconcile matters here: this host cannot serve a new release on blue, so the switch fails later.
        await Xunit.Record.ExceptionAsync(() => DeployAsync(host));

        Assert.Equal(["Lock staging", "Preflight", "green restarts by itself again", "live -> green alone", "Remove blue"], host.Plans[..5]);
    }

    [Fact]
    public async Task A_rollback_after_a_deploy_killed_in_its_bake_whose_release_then_crashed_finds_the_previous_release_already_serving()
    {
        var host = KilledInItsBake(new ScriptedHost { GreenStatusAfterSwitch = "exited" }, Next.Api);

        var outcome = await DeployerFor(host).RollbackAsync(new RollbackRequest("previous", "ci:carol") { LastSucceeded = (Next.Api, "sha256:old") });

        // Blue, the backup, already served every request: it becomes live alone, and there is nothing left to undo.
        Assert.Equal(["Lock staging", "live -> blue alone", "Unlock staging"], host.Plans);
        Assert.Equal(("unchanged", Colour.Blue), (outcome.Version, outcome.Live));
        Assert.Equal(Route.To(Colour.Blue), host.LiveRoute);
    }

    [Fact]
    public async Task A_deploy_of_the_same_release_killed_while_switching_but_before_the_route_changed_starts_over()
    {
        var host = new ScriptedHost();
        host.Run(new Plan("Start green", []));
        host.Plans.Clear();
        host.Audit.AddRange([Record("01DEAD", AuditAction.Started), Record("01DEAD", AuditAction.Phase, "switch", "green")]);

        await DeployAsync(host);

        Assert.Equal(["Lock staging", "Preflight", "Remove green", "Pull the release"], host.Plans[..4]);
        Assert.Contains("starts over", host.Audit.Single(a => a.Action == AuditAction.Interrupted).FailureReason);
    }

    [Fact]
    public void A_deploy_with_an_ending_is_not_interrupted_and_one_without_names_its_last_step()
    {
        Assert.Null(InterruptedDeploy.Find([Record("01A", AuditAction.Started), Record("01A", AuditAction.Succeeded)]));
        Assert.Null(InterruptedDeploy.Find([Record("01A", AuditAction.Started), Record("01A", AuditAction.Interrupted)]));
        Assert.Null(InterruptedDeploy.Find([]));

        var died = InterruptedDeploy.Find([Record("01A", AuditAction.Started), Record("01A", AuditAction.Succeeded), Record("01B", AuditAction.Started), Record("01B", AuditAction.Phase, "migrate")]);

        Assert.Equal(new InterruptedDeploy("01B", Next.Api, "phase migrate", SwitchingTo: null), died);
        Assert.Equal("green", InterruptedDeploy.Find([Record("01C", AuditAction.Started), Record("01C", AuditAction.Phase, "switch", "green")])!.SwitchingTo);
        Assert.Equal("started", InterruptedDeploy.Find([Record("01D", AuditAction.Started)])!.LastStep);
    }

    [Fact]
    public async Task The_ledger_records_the_database_revision_before_and_after_the_migrations()
    {
        var host = new ScriptedHost();

        await DeployAsync(host);

        Assert.Equal((null, null), (host.Audit[1].MigrationBefore, host.Audit[1].MigrationAfter));
        Assert.Equal(("0002", "0003"), (host.Audit[^1].MigrationBefore, host.Audit[^1].MigrationAfter));
    }

    [Fact]
    public async Task After_the_last_record_prune_removes_only_pulled_images_no_record_names_and_no_container_uses()
    {
        var host = new ScriptedHost();
        host.ImagesOnEngine.AddRange(["registry/pazpaz/api@sha256:stale <none>", "registry/pazpaz/web@sha256:oldweb <none>", "registry/pazpaz/api@sha256:named <none>",
            "registry/pazpaz/api@sha256:pushed 1.3.0"]);
        host.Audit.Add(Record("01OLD", AuditAction.Succeeded) with { Digest = "registry/pazpaz/api@sha256:named" });

        await DeployAsync(host);

        Assert.Equal(["Prune registry/pazpaz/api@sha256:stale", "Prune registry/pazpaz/web@sha256:oldweb", "Unlock staging"], host.Plans[^3..]);
        Assert.True(host.Plans.IndexOf("Prune registry/pazpaz/api@sha256:stale") > host.Plans.IndexOf("Retire blue"));
        Assert.Equal(AuditAction.Succeeded, host.Audit[^1].Action);
    }

    [Fact]
    public async Task A_dry_run_prints_every_plan_a_deploy_would_run_now_and_runs_none_records_none()
    {
        var host = new ScriptedHost();
        var dryRun = new DryRunStepRunner(host);
        var deployer = new Deployer(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()), dryRun, host,
            new DryRunAuditor(host), Fast) { CrashAfterPhase = null, DryRun = true };

        var outcome = await deployer.DeployAsync(new DeployRequest(Next, "ci:bob", "abc123"));

        Assert.Equal(["Lock staging", "Preflight", "Pull the release", "Shared services", "Migrate", "Start green", "live -> green",
            "green bakes without restarts", "green restarts by itself again", "Update the SPA", "Resolve web (only if compose recreated web)", "live -> green alone", "Drain blue", "Retire blue", "Unlock staging"], dryRun.Plans.Select(p => p.Title));
        Assert.Equal("live -> green", dryRun.Plans[6].Title);
        Assert.Equal("green+blue", dryRun.Plans[6].Steps[0].Command[^2]);
        Assert.Empty(host.Plans);
        Assert.Empty(host.Audit);
        Assert.Equal(Route.To(Colour.Blue), host.LiveRoute);
        Assert.Equal(Colour.Green, outcome.Live);
    }

    [Fact]
    public async Task A_dry_run_stops_where_a_real_run_would_at_a_lock_another_deploy_holds()
    {
        var host = new ScriptedHost { LockHeld = true, LockLabels = "ci:alice|01JOTHER|4102444800" };
        var dryRun = new DryRunStepRunner(host);
        var deployer = new Deployer(new DeploymentPlanner(Staging, new Dictionary<string, string>(), new Dictionary<string, string>()), dryRun, host,
            new DryRunAuditor(host), Fast) { CrashAfterPhase = null, DryRun = true };

        var error = await Assert.ThrowsAsync<DeploymentException>(() => deployer.DeployAsync(new DeployRequest(Next, "ci:bob", "abc123")));

        Assert.Contains("locked by another deploy: holder 'ci:alice'", error.Message);
        Assert.Contains("a real run would stop here", error.Message);
        Assert.Empty(host.Plans);
    }
}
