using System.Net.WebSockets;
using Delivery.Audit;
using Delivery.Benchmarks;
using Delivery.Load;

namespace Delivery.Tests.Benchmarks;

public sealed class DeployBenchmarkTests
{
    static readonly DateTimeOffset T0 = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);

    static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    static AuditEvent Event(AuditAction action, double seconds, string? phase = null) =>
        new() { DeployId = "d", Time = At(seconds), Environment = "bench", Action = action, Actor = "test", Phase = phase };

    static RequestSample Ok(long sequence, double plannedAt, double ms, string kind = "version", string? write = null) =>
        new(sequence, kind, At(plannedAt), TimeSpan.Zero, TimeSpan.FromMilliseconds(ms), write is null ? 200 : 201, null) { WriteName = write };

    static RequestSample Failed(long sequence, double plannedAt, int? status, TransportError? error = null, string? write = null) =>
        new(sequence, write is null ? "version" : "write", At(plannedAt), TimeSpan.Zero, status is null ? null : TimeSpan.FromMilliseconds(5), status, error)
        { WriteName = write, MayHaveBeenSent = true };

    /// <summary>Deploy 1 from 10 s (switch 20–32 s), rollback 2 from 40 s (switch 50–55 s), load until 60 s.</summary>
    static IReadOnlyList<DeployAttempt> TwoAttempts() =>
    [
        new DeployAttempt(1, DeployRunKind.Deploy, "bench-1", At(10), At(33))
        {
            Events = [Event(AuditAction.Started, 10), Event(AuditAction.Phase, 20, "switch"), Event(AuditAction.Switched, 21, "switch"), Event(AuditAction.Succeeded, 32)],
            Phases = new Dictionary<string, TimeSpan> { ["switch"] = TimeSpan.FromSeconds(1), ["bake"] = TimeSpan.FromSeconds(10), ["retire"] = TimeSpan.FromSeconds(1) },
        },
        new DeployAttempt(2, DeployRunKind.Rollback, "bench-2", At(40), At(56))
        {
            Events = [Event(AuditAction.Phase, 50, "switch"), Event(AuditAction.Switched, 51, "switch"), Event(AuditAction.RolledBack, 55, "bake")],
            RolledBack = true,
        },
    ];

    [Fact]
    public void Spreads_the_rollbacks_evenly_among_the_deploys()
    {
        var schedule = DeployBenchmark.Schedule(20, 5);

        Assert.Equal(20, schedule.Count(k => k == DeployRunKind.Deploy));
        Assert.Equal(5, schedule.Count(k => k == DeployRunKind.Rollback));
        Assert.Equal("DDDRDDDDRDDDRDDDRDDDDRDDD", string.Concat(schedule.Select(k => k == DeployRunKind.Deploy ? 'D' : 'R')));
        Assert.Equal("DDRD", string.Concat(DeployBenchmark.Schedule(3, 1).Select(k => k == DeployRunKind.Deploy ? 'D' : 'R')));
        Assert.Equal("RR", string.Concat(DeployBenchmark.Schedule(0, 2).Select(k => k == DeployRunKind.Deploy ? 'D' : 'R')));
    }

    [Fact]
    public void The_switch_window_runs_from_the_switch_record_to_the_end_of_the_retire_or_the_flip_back()
    {
        var (deploy, rollback) = (TwoAttempts()[0], TwoAttempts()[1]);

        Assert.Equal((At(20), At(32)), deploy.SwitchWindow);
        Assert.Equal((At(50), At(55)), rollback.SwitchWindow);
        Assert.Null(new DeployAttempt(3, DeployRunKind.Deploy, "bench-3", At(0), At(9)) { Events = [Event(AuditAction.Failed, 8)], Error = "unhealthy" }.SwitchWindow);
    }

    [Fact]
    public void The_duration_leaves_out_the_bake_and_a_rollbacks_bake_ends_at_the_flip_back()
    {
        var (deploy, rollback) = (TwoAttempts()[0], TwoAttempts()[1]);

        Assert.Equal(TimeSpan.FromSeconds(13), deploy.DurationExcludingBake);
        Assert.Equal(TimeSpan.FromSeconds(12), rollback.DurationExcludingBake);
        Assert.True(deploy.AsPlanned);
        Assert.True(rollback.AsPlanned);
        Assert.False(new DeployAttempt(3, DeployRunKind.Rollback, "bench-3", At(0), At(9)) { Error = "unhealthy" }.AsPlanned);
        Assert.False(new DeployAttempt(4, DeployRunKind.Deploy, "bench-4", At(0), At(9)) { RolledBack = true }.AsPlanned);
    }

    [Fact]
    public void Parses_psql_counts_and_checks_each_write_by_its_fate()
    {
        var rows = WriteCheck.ParseCounts("run-1|1\nrun-2|2\nrun-4|1\n\n");
        var load = new LoadReport(T0, 10, TimeSpan.FromSeconds(5),
        [
            Ok(1, 1, 5, "write", "run-1"), Ok(2, 1, 5, "write", "run-2"), Ok(3, 1, 5, "write", "run-3"),
            Failed(4, 1, 502, write: "run-4"), Failed(5, 1, null, TransportError.Reset, "run-5"), Failed(6, 1, 422, write: "run-6"),
        ]);

        var check = WriteCheck.Of(load, rows);

        Assert.Equal(new WriteCheck(3, 1, 1, 2, 1, 1, 0) { MissingNames = check.MissingNames }, check);
        Assert.Equal(["run-3"], check.MissingNames);
        Assert.False(check.Passed);
    }

    [Fact]
    public void Attributes_every_request_and_close_to_one_row_and_judges_the_worst_deploy()
    {
        var samples = new List<RequestSample>();
        long sequence = 0;
        // 10 requests a second for 60 s at 10 ms, one 30 ms per second in the baseline (p99 30 ms: the limit is 180 ms).
        for (var tenth = 0; tenth < 600; tenth++)
            samples.Add(Ok(sequence++, tenth / 10.0, tenth < 100 && tenth % 10 == 0 ? 30 : 10, tenth % 10 == 5 ? "write" : "version", tenth % 10 == 5 ? $"run-{tenth}" : null));
        // Deploy 1's switch window has three 400 ms requests (≥ 1 % of its 120) and a 502; the rollback window a reset; one write is lost.
        foreach (var slow in new[] { 250, 251, 252 })
            samples[slow] = Ok(slow, slow / 10.0, 400);
        samples[260] = Failed(260, 26, 502);
        samples[520] = Failed(520, 52, null, TransportError.Reset);
        var rows = samples.Where(s => s.WriteName is { } name && name != "run-305").ToDictionary(s => s.WriteName!, _ => 1);
        var load = new LoadReport(T0, 10, TimeSpan.FromSeconds(60), samples);
        var sockets = new WebSocketReport(T0, 50, 100,
        [
            new WebSocketClose(1, At(31), (WebSocketCloseStatus)1012, "draining", null),
            new WebSocketClose(2, At(31), null, null, "WebSocketException: reset"),
        ], []);

        var result = DeployBenchmarkResult.Analyze(load, sockets, TwoAttempts(), rows, 1, 1, 50);

        Assert.Equal(100, result.BaselineRow.Requests);
        Assert.Equal(TimeSpan.FromMilliseconds(30), result.Baseline.P99);
        Assert.Equal(TimeSpan.FromMilliseconds(180), result.SwitchLimit);
        Assert.Equal([300, 200], result.Rows.Select(r => r.Requests));
        Assert.Equal([1, 1], result.Rows.Select(r => r.Failed));
        Assert.Equal("502 × 1 (version 1)", result.Rows[0].FailureClasses);
        Assert.Equal("reset × 1 (version 1)", result.Rows[1].FailureClasses);
        Assert.Equal(120, result.Rows[0].SwitchRequests);
        Assert.Equal(TimeSpan.FromMilliseconds(400), result.Rows[0].SwitchP99);
        Assert.Equal([2, 0], result.Rows.Select(r => r.WebSocketCloses));
        Assert.Equal([1, 0], result.Rows.Select(r => r.ClosedWithout1012));
        Assert.Equal([1, 0], result.Rows.Select(r => r.LostWrites));

        var verdict = result.Verdict().ToDictionary(g => g.Goal);
        Assert.True(verdict["Deploys succeeded / rollbacks rolled back"].Met);
        Assert.False(verdict["Failed requests"].Met);
        Assert.Equal("2 (worst deploy 1)", verdict["Failed requests"].Observed);
        Assert.False(verdict["WebSockets closed without 1012"].Met);
        Assert.False(verdict["p99 in the switch window (worst)"].Met);
        Assert.True(verdict["Deploy excluding the bake (worst)"].Met);
        Assert.False(verdict["Acknowledged writes in PostgreSQL"].Met);
        Assert.False(result.Passed);
    }

    [Fact]
    public void A_clean_run_meets_every_goal_but_not_when_it_stopped_early()
    {
        var samples = Enumerable.Range(0, 600).Select(i => Ok(i, i / 10.0, 10)).ToList();
        var load = new LoadReport(T0, 10, TimeSpan.FromSeconds(60), samples);
        var sockets = new WebSocketReport(T0, 50, 100, [new WebSocketClose(1, At(31), (WebSocketCloseStatus)1012, "draining", null)], []);

        var clean = DeployBenchmarkResult.Analyze(load, sockets, TwoAttempts(), new Dictionary<string, int>(), 1, 1, 50);
        var early = DeployBenchmarkResult.Analyze(load, sockets, TwoAttempts(), new Dictionary<string, int>(), 2, 1, 50, "the suite's maximum of 1 min was reached");

        Assert.True(clean.Passed, string.Join("; ", clean.Verdict().Where(g => !g.Met).Select(g => g.Goal)));
        Assert.False(early.Passed);
        Assert.Contains("stopped early", early.Verdict()[0].Observed);
    }

    [Fact]
    public void Renders_a_row_per_deploy_a_worst_case_row_and_the_verdict()
    {
        var samples = Enumerable.Range(0, 600).Select(i => i == 260 ? Failed(i, 26, 502) : Ok(i, i / 10.0, 10)).ToList();
        var result = DeployBenchmarkResult.Analyze(new LoadReport(T0, 10, TimeSpan.FromSeconds(60), samples),
            new WebSocketReport(T0, 50, 50, [], []), TwoAttempts(), new Dictionary<string, int>(), 1, 1, 50);

        var lines = result.Render().Split(Environment.NewLine);

        Assert.StartsWith("#   Kind      Version     Result", lines[0]);
        Assert.StartsWith("-   baseline", lines[2]);
        Assert.Matches(@"^1\s+deploy\s+bench-1\s+succeeded\s+13\.0 s\s+300\s+1\s+10\.0 ms\s+0\s+0\s+0  502 × 1 \(version 1\)$", lines[3]);
        Assert.Matches(@"^2\s+rollback\s+bench-2\s+rolled back\s+12\.0 s\s+200\s+0\s+10\.0 ms", lines[4]);
        Assert.Matches(@"^max\s+0 unplanned\s+13\.0 s\s+300\s+1\s+10\.0 ms\s+0\s+0\s+0$", lines[6]);
        Assert.Contains(lines, l => l.StartsWith("MISSED Failed requests", StringComparison.Ordinal) && l.Contains("1 (worst deploy 1)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("met    p99 in the switch window (worst)", StringComparison.Ordinal));
        Assert.Equal("Verdict: goal missed (worst run shown, not the mean).", lines[^1]);
    }
}
