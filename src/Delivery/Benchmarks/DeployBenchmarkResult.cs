using System.Globalization;
using System.Text;
using Delivery.Audit;
using Delivery.Load;

namespace Delivery.Benchmarks;

public enum DeployRunKind
{
    /// <summary>A healthy release: must switch, bake and retire the old colour.</summary>
    Deploy,
    /// <summary>A release that crashes during the bake (PAZPAZ_FAULT=exit-after): the engine must flip back by itself.</summary>
    Rollback,
}

/// <summary>
/// One deploy of the benchmark as it happened: the wall clock around <c>DeployAsync</c>, the audit events the engine
/// recorded (their times mark the switch), its phases when it returned, and the error when it threw.
/// </summary>
public sealed record DeployAttempt(int Number, DeployRunKind Kind, string Version, DateTimeOffset CalledAt, DateTimeOffset ReturnedAt)
{
    public IReadOnlyList<AuditEvent> Events { get; init; } = [];

    /// <summary>From the returned <c>DeployOutcome</c>; null when the deploy threw.</summary>
    public IReadOnlyDictionary<string, TimeSpan>? Phases { get; init; }

    public bool RolledBack { get; init; }

    /// <summary>Why the deploy threw, other than an automatic rollback.</summary>
    public string? Error { get; init; }

    /// <summary>A deploy that succeeded, or a rollback run that was rolled back: anything else did not test what it should.</summary>
    public bool AsPlanned => Kind == DeployRunKind.Deploy ? Error is null && !RolledBack : RolledBack;

    public string Result => RolledBack ? "rolled back" : Error is null ? "succeeded" : "FAILED";

    DateTimeOffset? At(AuditAction action, string? phase = null) =>
        Events.LastOrDefault(e => e.Action == action && (phase is null || e.Phase == phase))?.Time;

    /// <summary>
    /// From the start of the switch phase (the engine audits "switch" right before it routes) to the end of the retire
    /// (the Succeeded record right after it), or to the flip back (RolledBack) of a rollback. The audit times are the
    /// engine's own markers, so no phase durations have to be added up around lock and audit writes. Null when the
    /// deploy never reached the switch (nothing changed for the public traffic).
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To)? SwitchWindow =>
        At(AuditAction.Phase, "switch") is { } from
            ? (from, At(AuditAction.Succeeded) ?? At(AuditAction.RolledBack) ?? At(AuditAction.Failed) ?? ReturnedAt)
            : null;

    /// <summary>
    /// The wall clock of the call without the bake: the goal is about how long the mechanics take. A rollback's bake is
    /// the time from the switch to the flip back (it threw, so it has no phase table).
    /// </summary>
    public TimeSpan DurationExcludingBake
    {
        get
        {
            var bake = Phases is not null && Phases.TryGetValue("bake", out var baked) ? baked
                : At(AuditAction.Switched) is { } switched && At(AuditAction.RolledBack) is { } flipped ? flipped - switched
                : TimeSpan.Zero;
            return ReturnedAt - CalledAt - bake;
        }
    }
}

/// <summary>What the load, the WebSockets and PostgreSQL saw during one deploy (from its call to the next one's).</summary>
public sealed record DeployRow(
    DeployAttempt Attempt,
    int Requests,
    int Failed,
    string FailureClasses,
    int SwitchRequests,
    TimeSpan? SwitchP99,
    int WebSocketCloses,
    int ClosedWithout1012,
    int LostWrites);

/// <summary>Every write of the run checked against PostgreSQL after it (by the unique client_name of each).</summary>
public sealed record WriteCheck(int Acknowledged, int Missing, int Duplicated, int Ambiguous, int AmbiguousFound, int Rejected, int RejectedFound)
{
    public IReadOnlySet<string> MissingNames { get; init; } = new HashSet<string>();

    public static WriteCheck Of(LoadReport report, IReadOnlyDictionary<string, int> rows)
    {
        int Count(string name) => rows.TryGetValue(name, out var count) ? count : 0;
        var acknowledged = report.AcknowledgedWrites;
        var ambiguous = report.AmbiguousWrites;
        var rejected = report.RejectedWrites;
        return new WriteCheck(
            acknowledged.Count, acknowledged.Count(n => Count(n) == 0), acknowledged.Count(n => Count(n) > 1),
            ambiguous.Count, ambiguous.Count(n => Count(n) > 0),
            rejected.Count, rejected.Count(n => Count(n) > 0))
        {
            MissingNames = acknowledged.Where(n => Count(n) == 0).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>psql <c>-tA -F '|'</c> output of <c>select client_name, count(*) … group by 1</c>.</summary>
    public static IReadOnlyDictionary<string, int> ParseCounts(string psqlOutput) =>
        psqlOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(fields => fields.Length == 2)
            .ToDictionary(fields => fields[0], fields => int.Parse(fields[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public bool Passed => Missing == 0 && Duplicated == 0 && RejectedFound == 0;

    public string Render() => string.Create(CultureInfo.InvariantCulture,
        $"Writes: {Acknowledged} acknowledged ({Missing} missing, {Duplicated} duplicated in PostgreSQL); " +
        $"{Ambiguous} ambiguous ({AmbiguousFound} committed, {Ambiguous - AmbiguousFound} not); {Rejected} rejected ({RejectedFound} present)");
}

/// <summary>One goal of issue #6, checked against the worst run.</summary>
public sealed record GoalCheck(string Goal, string Observed, string Limit, bool Met);

/// <summary>The acceptance goals of issue #6; the switch p99 limit comes from the baseline.</summary>
public sealed record DeployBenchmarkGoals
{
    public int MaxFailedRequests { get; init; }
    public int MaxClosedWithout1012 { get; init; }
    public TimeSpan MaxDeployExcludingBake { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>The benchmark's rows, the write check and the verdict; built from raw data only, so it is tested without an engine.</summary>
public sealed class DeployBenchmarkResult
{
    public required DeployBenchmarkGoals Goals { get; init; }
    public required int PlannedDeploys { get; init; }
    public required int PlannedRollbacks { get; init; }
    public required double Rate { get; init; }
    public required int WebSockets { get; init; }
    public required LatencySummary Baseline { get; init; }

    /// <summary>Requests before the first deploy (its failures count against the goal too).</summary>
    public required DeployRow BaselineRow { get; init; }
    public required IReadOnlyList<DeployRow> Rows { get; init; }
    public required WriteCheck Writes { get; init; }
    public required int TotalRequests { get; init; }
    public required TimeSpan MaxSendLag { get; init; }
    public required int WebSocketConnectFailures { get; init; }

    /// <summary>Why the run ended before every planned deploy ran (time limit, repeated failures); null when it did not.</summary>
    public string? StoppedEarly { get; init; }

    public TimeSpan SwitchLimit => LatencyBudget.SwitchLimit(Baseline.P99);

    /// <summary>
    /// Splits one continuous run into the baseline (load start to the first deploy, the first second left out as JIT and
    /// connection warm-up) and one slice per deploy, from its call to the next deploy's call (the last to the end of the
    /// load), so every planned request and every WebSocket close belongs to exactly one row.
    /// </summary>
    public static DeployBenchmarkResult Analyze(
        LoadReport load, WebSocketReport sockets, IReadOnlyList<DeployAttempt> attempts, IReadOnlyDictionary<string, int> rows,
        int plannedDeploys, int plannedRollbacks, int webSocketClients, string? stoppedEarly = null, DeployBenchmarkGoals? goals = null)
    {
        var end = load.StartedAt + load.Elapsed + TimeSpan.FromTicks(1);
        var firstCall = attempts.Count > 0 ? attempts[0].CalledAt : end;
        var writes = WriteCheck.Of(load, rows);
        var baselineLoad = load.Between(load.StartedAt + TimeSpan.FromSeconds(1), firstCall < load.StartedAt + TimeSpan.FromSeconds(1) ? load.StartedAt + TimeSpan.FromSeconds(1) : firstCall);
        var baselineAttempt = new DeployAttempt(0, DeployRunKind.Deploy, "baseline", load.StartedAt, firstCall);
        var list = new List<DeployRow>();
        for (var i = 0; i < attempts.Count; i++)
        {
            var from = attempts[i].CalledAt;
            var to = i + 1 < attempts.Count ? attempts[i + 1].CalledAt : (end > from ? end : from);
            list.Add(Row(attempts[i], load.Between(from, to), sockets.Between(from, to), attempts[i].SwitchWindow is { } w ? load.Between(w.From, w.To) : null, writes));
        }
        return new DeployBenchmarkResult
        {
            Goals = goals ?? new DeployBenchmarkGoals(),
            PlannedDeploys = plannedDeploys,
            PlannedRollbacks = plannedRollbacks,
            Rate = load.RatePerSecond,
            WebSockets = webSocketClients,
            Baseline = baselineLoad.Latency(),
            BaselineRow = Row(baselineAttempt, load.Between(load.StartedAt, firstCall < load.StartedAt ? load.StartedAt : firstCall), sockets.Between(load.StartedAt, firstCall), null, writes),
            Rows = list,
            Writes = writes,
            TotalRequests = load.Planned,
            MaxSendLag = load.MaxSendLag,
            WebSocketConnectFailures = sockets.ConnectFailures.Count,
            StoppedEarly = stoppedEarly,
        };
    }

    static DeployRow Row(DeployAttempt attempt, LoadReport slice, WebSocketReport sockets, LoadReport? window, WriteCheck writes)
    {
        var latency = window?.Latency();
        return new DeployRow(attempt, slice.Planned, slice.Failed, slice.FailureSummaryByKind,
            window?.Planned ?? 0, latency is { Count: > 0 } ? latency.P99 : null,
            sockets.Closes.Count, sockets.ClosedWithout1012,
            slice.AcknowledgedWrites.Count(writes.MissingNames.Contains));
    }

    IEnumerable<DeployRow> AllRows => Rows.Prepend(BaselineRow);

    public IReadOnlyList<GoalCheck> Verdict()
    {
        var deploys = Rows.Where(r => r.Attempt.Kind == DeployRunKind.Deploy).ToList();
        var rollbacks = Rows.Where(r => r.Attempt.Kind == DeployRunKind.Rollback).ToList();
        var okDeploys = deploys.Count(r => r.Attempt.AsPlanned);
        var okRollbacks = rollbacks.Count(r => r.Attempt.AsPlanned);
        var failed = AllRows.Sum(r => r.Failed);
        var worstFailed = Rows.Select(r => r.Failed).DefaultIfEmpty().Max();
        var without1012 = AllRows.Sum(r => r.ClosedWithout1012);
        var worstP99 = Rows.Where(r => r.SwitchP99 is not null).Select(r => r.SwitchP99!.Value).DefaultIfEmpty().Max();
        var anyWindow = Rows.Any(r => r.SwitchP99 is not null);
        var worstDuration = deploys.Where(r => r.Attempt.AsPlanned).Select(r => r.Attempt.DurationExcludingBake).DefaultIfEmpty().Max();
        return
        [
            new("Deploys succeeded / rollbacks rolled back",
                $"{okDeploys}/{PlannedDeploys}, {okRollbacks}/{PlannedRollbacks}" + (StoppedEarly is null ? "" : $" (stopped early: {StoppedEarly})"),
                $"{PlannedDeploys}/{PlannedDeploys}, {PlannedRollbacks}/{PlannedRollbacks}",
                okDeploys == PlannedDeploys && okRollbacks == PlannedRollbacks && StoppedEarly is null),
            new("Failed requests", string.Create(CultureInfo.InvariantCulture, $"{failed} (worst deploy {worstFailed})"), $"{Goals.MaxFailedRequests}", failed <= Goals.MaxFailedRequests),
            new("WebSockets closed without 1012", string.Create(CultureInfo.InvariantCulture, $"{without1012}"), $"{Goals.MaxClosedWithout1012}", without1012 <= Goals.MaxClosedWithout1012),
            new("p99 in the switch window (worst)", anyWindow ? LatencySummary.Milliseconds(worstP99) : "-",
                $"≤ {LatencySummary.Milliseconds(SwitchLimit)} (baseline p99 {LatencySummary.Milliseconds(Baseline.P99)})",
                anyWindow && Baseline.Count > 0 && worstP99 <= SwitchLimit),
            new("Deploy excluding the bake (worst)", okDeploys == 0 ? "-" : Seconds(worstDuration), $"≤ {Seconds(Goals.MaxDeployExcludingBake)}",
                okDeploys > 0 && worstDuration <= Goals.MaxDeployExcludingBake),
            new("Acknowledged writes in PostgreSQL", string.Create(CultureInfo.InvariantCulture, $"{Writes.Acknowledged - Writes.Missing}/{Writes.Acknowledged}, {Writes.Duplicated} duplicated, {Writes.RejectedFound} rejected present"),
                "all, once", Writes.Passed),
        ];
    }

    public bool Passed => Verdict().All(g => g.Met);

    static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    static string Ms(TimeSpan? value) => value is { } v ? LatencySummary.Milliseconds(v) : "-";

    public string Render()
    {
        var text = new StringBuilder();
        var header = $"{"#",-4}{"Kind",-10}{"Version",-12}{"Result",-13}{"Excl. bake",11}{"Requests",10}{"Failed",8}{"p99 switch",12}{"WS closes",10}{"No 1012",9}{"Lost writes",12}  Failure classes";
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        text.AppendLine(Line("-", "baseline", "-", "-", "-", BaselineRow, Ms(Baseline.P99)));
        foreach (var row in Rows)
            text.AppendLine(Line(row.Attempt.Number.ToString(CultureInfo.InvariantCulture), row.Attempt.Kind == DeployRunKind.Deploy ? "deploy" : "rollback",
                row.Attempt.Version, row.Attempt.Result, Seconds(row.Attempt.DurationExcludingBake), row, Ms(row.SwitchP99)));
        text.AppendLine(new string('─', header.Length));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"max",-4}{"",-10}{"",-12}{$"{Rows.Count(r => !r.Attempt.AsPlanned)} unplanned",-13}" +
            $"{(Rows.Any(r => r.Attempt.Kind == DeployRunKind.Deploy) ? Seconds(Rows.Where(r => r.Attempt.Kind == DeployRunKind.Deploy).Max(r => r.Attempt.DurationExcludingBake)) : "-"),11}" +
            $"{AllRows.Max(r => r.Requests),10}{AllRows.Max(r => r.Failed),8}{Ms(Rows.Where(r => r.SwitchP99 is not null).Select(r => r.SwitchP99).DefaultIfEmpty().Max()),12}" +
            $"{AllRows.Max(r => r.WebSocketCloses),10}{AllRows.Max(r => r.ClosedWithout1012),9}{AllRows.Max(r => r.LostWrites),12}"));
        text.AppendLine(Writes.Render());
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Load: {TotalRequests} requests at {Rate:0.#} req/s, {WebSockets} WebSockets ({WebSocketConnectFailures} failed connects); baseline {Baseline.Count} responses, " +
            $"p50 {LatencySummary.Milliseconds(Baseline.P50)}, p99 {LatencySummary.Milliseconds(Baseline.P99)}; max send lag {LatencySummary.Milliseconds(MaxSendLag)}"));
        var verdict = Verdict();
        var width = verdict.Max(g => g.Goal.Length) + 2;
        text.AppendLine();
        foreach (var goal in verdict)
            text.AppendLine($"{(goal.Met ? "met    " : "MISSED ")}{goal.Goal.PadRight(width)}{goal.Observed}  (goal {goal.Limit})");
        text.Append(Passed ? "Verdict: every goal met (worst run shown, not the mean)." : "Verdict: goal missed (worst run shown, not the mean).");
        return text.ToString();
    }

    static string Line(string number, string kind, string version, string result, string duration, DeployRow row, string p99) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{number,-4}{kind,-10}{Clip(version, 11),-12}{result,-13}{duration,11}{row.Requests,10}{row.Failed,8}{p99,12}{row.WebSocketCloses,10}{row.ClosedWithout1012,9}{row.LostWrites,12}  {(row.FailureClasses.Length == 0 ? "-" : row.FailureClasses)}");

    static string Clip(string value, int width) => value.Length <= width ? value : value[..(width - 1)] + "…";
}
