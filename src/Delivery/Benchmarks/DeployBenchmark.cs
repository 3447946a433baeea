using System.Globalization;
using Delivery.Audit;
using Delivery.Deployment;
using Delivery.Load;

namespace Delivery.Benchmarks;

/// <summary>What the deploy benchmark runs (issue #6: 20 deploys and 5 automatic rollbacks at 200 req/s with 50 WebSockets).</summary>
public sealed record DeployBenchmarkSettings
{
    public int Deploys { get; init; } = 20;
    public int Rollbacks { get; init; } = 5;
    public double Rate { get; init; } = 200;
    public int WebSockets { get; init; } = 50;

    /// <summary>HTTP/2 as the SPA's browsers use this edge (default), HTTP/1.1 keep-alive as scripts do, or a connection per request.</summary>
    public LoadConnections Connections { get; init; } = LoadConnections.Http2;

    /// <summary>Independent clients the requests take turns on (with <see cref="LoadConnections.PerRequest"/>, every request is its own).</summary>
    public int Browsers { get; init; } = 50;

    /// <summary>
    /// Load with no deploy before the first one: the p99 the switch is compared with. 60 s, as anchors-deploy.md §4 asks:
    /// on this 2-core host the per-second p99 varies from 60 to 600 ms with no deploy, and 20 s caught too few seconds.
    /// </summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A short bake: the benchmark measures the switch and the drain; the bake only has to see a crash.</summary>
    public TimeSpan Bake { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A rollback release exits this long after it starts: after the switch (start, gate and preview take ~10 s) and
    /// well inside <see cref="RollbackBake"/>. If it ever fired after the bake, the crashing release would be live and
    /// restart-looping, so the rollback runs get a bake that ends long after the fault.
    /// </summary>
    public TimeSpan RollbackFaultAfter { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan RollbackBake { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Load between deploys, so each deploy's reconnects and stragglers land in its own row.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole suite: no deploy starts after this (a running one ends by the engine's own timeouts).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>The demo workspace the migrations seed.</summary>
    public int WorkspaceId { get; init; } = 1;

    /// <summary>Prefix of every write's client_name (letters, digits and '-': it goes into a SQL LIKE).</summary>
    public string RunId { get; init; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    internal void Validate()
    {
        if (Deploys < 0 || Rollbacks < 0 || Deploys + Rollbacks == 0)
            throw new ArgumentException($"Deploys ({Deploys}) and rollbacks ({Rollbacks}) must not be negative, and not both 0.");
        if (WebSockets < 1)
            throw new ArgumentException($"WebSockets must be at least 1, not {WebSockets}.");
        if (Browsers < 1)
            throw new ArgumentException($"Browsers must be at least 1, not {Browsers}.");
        if (RollbackBake <= RollbackFaultAfter)
            throw new ArgumentException($"The rollback bake ({RollbackBake}) must outlast the fault ({RollbackFaultAfter}), or a crashing release stays live.");
        if (!RunId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"RunId '{RunId}' may hold only letters, digits and '-'.");
    }
}

/// <summary>A ready environment the benchmark deploys to (DeployBenchmarkEnvironment is the compose one).</summary>
public interface IDeployBenchmarkEnvironment
{
    Topology Topology { get; }

    /// <summary>A release whose api reports a version no earlier release had.</summary>
    Task<Release> NextReleaseAsync(CancellationToken cancellation);

    /// <summary>A deployer with <paramref name="fault"/> as the slots' PAZPAZ_FAULT, whose audit records are also given to <paramref name="observe"/>.</summary>
    Deployer CreateDeployer(string? fault, TimeSpan bake, Action<AuditEvent> observe);

    /// <summary>Runs one query in the environment's PostgreSQL and returns psql's unaligned output (<c>-tA -F '|'</c>).</summary>
    string QueryPostgres(string sql);

    /// <summary>The environment's containers, full id to a short name (<c>api-blue</c>), for the timeline's CPU columns.</summary>
    Task<IReadOnlyDictionary<string, string>> ContainerNamesAsync(CancellationToken cancellation);
}

/// <summary>
/// The zero-downtime benchmark (issue #6): open-loop load of the PazPaz mix through the public HTTPS port plus WebSocket
/// clients, a baseline without deploys, then deploys and automatic rollbacks back to back; afterwards every write is
/// looked up in PostgreSQL. The load is one continuous run that the analysis slices per deploy.
/// </summary>
public sealed class DeployBenchmark(IDeployBenchmarkEnvironment environment, DeployBenchmarkSettings settings)
{
    // Every time the analysis compares comes from this one clock (see MonotonicTimeProvider), the audit records' too.
    readonly MonotonicTimeProvider _clock = new();

    /// <summary>
    /// Rollbacks spread evenly among the deploys (20 and 5: one after every 4th deploy), so a rollback always follows a
    /// normal deploy and its effect on the next deploy is measured too.
    /// </summary>
    public static IReadOnlyList<DeployRunKind> Schedule(int deploys, int rollbacks)
    {
        var schedule = new List<DeployRunKind>();
        for (var placed = 0; placed < rollbacks; placed++)
        {
            var before = (int)Math.Round((double)deploys * (placed + 1) / (rollbacks + 1), MidpointRounding.AwayFromZero);
            while (schedule.Count(k => k == DeployRunKind.Deploy) < before)
                schedule.Add(DeployRunKind.Deploy);
            schedule.Add(DeployRunKind.Rollback);
        }
        while (schedule.Count(k => k == DeployRunKind.Deploy) < deploys)
            schedule.Add(DeployRunKind.Deploy);
        return schedule;
    }

    public async Task<DeployBenchmarkResult> RunAsync(Action<string> progress, CancellationToken cancellation = default)
    {
        settings.Validate();
        var deadline = _clock.GetUtcNow() + settings.MaxDuration;
        var schedule = Schedule(settings.Deploys, settings.Rollbacks);

        // Built before the load starts: an image build on a small machine would compete with the measured traffic.
        var releases = new List<Release>();
        foreach (var _ in schedule)
        {
            releases.Add(await environment.NextReleaseAsync(cancellation));
            progress($"release {releases.Count}/{schedule.Count} built: {releases[^1].Version}");
        }

        // The deploy steps block threads (processes, the drain's sleep); enough workers that the requests' continuations never queue behind them.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

        var https = new Uri($"https://127.0.0.1:{environment.Topology.HttpsPort}");
        var sockets = WebSocketClients.Start(new WebSocketClientSettings(new Uri($"wss://127.0.0.1:{environment.Topology.HttpsPort}/ws"), settings.WebSockets)
        {
            MaxDuration = settings.MaxDuration + TimeSpan.FromMinutes(5),
            Clock = _clock,
            // The benchmark's certificate is self-signed and thrown away with the environment.
            Configure = options => options.RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        WebSocketReport? socketReport = null;
        var cpu = new HostCpuSampler(new HostCpuSources(), environment.ContainerNamesAsync, _clock);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var client = OpenLoopLoad.CreateClient(https, (_, _, _, _) => true, settings.Connections,
            settings.Connections == LoadConnections.PerRequest ? 1 : settings.Browsers);
        Task<LoadReport>? load = null;
        var attempts = new List<DeployAttempt>();
        string? stoppedEarly = null;
        try
        {
            if (!await sockets.WaitUntilAllOpenAsync(TimeSpan.FromSeconds(30)))
                throw new DeploymentException($"Only {sockets.Open} of {settings.WebSockets} WebSockets connected to {https}/ws within 30 s.");
            load = new OpenLoopLoad(client, new OpenLoopSettings(settings.Rate, RequestTemplate.PazPazMix(settings.WorkspaceId))
            {
                MaxDuration = settings.MaxDuration + TimeSpan.FromMinutes(5),
                RunId = settings.RunId,
                Clock = _clock,
                NewConnectionPerRequest = settings.Connections == LoadConnections.PerRequest,
            }).RunAsync(stopLoad.Token);
            progress($"baseline: {settings.Baseline.TotalSeconds:0} s of load at {settings.Rate:0.#} req/s ({Describe(settings)}) with {settings.WebSockets} WebSockets, no deploy");
            await Task.Delay(settings.Baseline, cancellation);

            var unexpectedInARow = 0;
            for (var i = 0; i < schedule.Count; i++)
            {
                if (_clock.GetUtcNow() > deadline)
                {
                    stoppedEarly = $"the suite's maximum of {settings.MaxDuration.TotalMinutes:0} min was reached after {i} of {schedule.Count} deploys";
                    break;
                }
                if (unexpectedInARow >= 3)
                {
                    stoppedEarly = $"3 deploys in a row did not end as planned; stopped after {i} of {schedule.Count}";
                    break;
                }
                var attempt = await DeployAsync(i + 1, schedule[i], releases[i], cancellation);
                attempts.Add(attempt);
                unexpectedInARow = attempt.AsPlanned ? 0 : unexpectedInARow + 1;
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"{attempt.Number}/{schedule.Count} {attempt.Kind.ToString().ToLowerInvariant()} {attempt.Version}: {attempt.Result} in {(attempt.ReturnedAt - attempt.CalledAt).TotalSeconds:0.0} s " +
                    $"({attempt.DurationExcludingBake.TotalSeconds:0.0} s without the bake){(attempt.Error is { } error ? ": " + error : "")}"));
                await Task.Delay(settings.Settle, cancellation);
            }
        }
        finally
        {
            await stopLoad.CancelAsync();
            socketReport = await sockets.StopAsync();
            await sockets.DisposeAsync();
            await cpu.DisposeAsync();
        }
        var report = await load!;
        if (_clock.WallClockStep.Duration() > TimeSpan.FromSeconds(1))
            progress(string.Create(CultureInfo.InvariantCulture,
                $"the host's wall clock moved {_clock.WallClockStep.TotalSeconds:+0.0;-0.0} s during the run (stepped, or the machine was paused): every time here is on the benchmark's monotonic clock, so after the step the log's timestamps differ from the timeline's by that much"));

        progress($"checking {report.AcknowledgedWrites.Count + report.AmbiguousWrites.Count + report.RejectedWrites.Count} writes in PostgreSQL");
        var rows = WriteCheck.ParseCounts(environment.QueryPostgres(
            $"select client_name, count(*) from appointments where client_name like '{settings.RunId}-%' group by client_name"));
        var result = DeployBenchmarkResult.Analyze(report, socketReport, attempts, rows, settings.Deploys, settings.Rollbacks, settings.WebSockets, stoppedEarly);
        _timeline = DeployBenchmarkTimeline.Render(report, cpu.Seconds, attempts);
        return result;
    }

    public static string Describe(DeployBenchmarkSettings settings) => settings.Connections switch
    {
        LoadConnections.Http2 => $"HTTP/2, {settings.Browsers} browsers",
        LoadConnections.KeepAlive => $"HTTP/1.1 keep-alive, {settings.Browsers} clients",
        _ => "HTTP/1.1, a new connection per request",
    };

    string? _timeline;

    /// <summary>The whole run second by second (load, host CPU, the engine's audit records), or null before a run ended.</summary>
    public string? RenderTimeline() => _timeline;

    async Task<DeployAttempt> DeployAsync(int number, DeployRunKind kind, Release release, CancellationToken cancellation)
    {
        var events = new List<AuditEvent>();
        var rollback = kind == DeployRunKind.Rollback;
        var deployer = environment.CreateDeployer(
            rollback ? string.Create(CultureInfo.InvariantCulture, $"exit-after:{settings.RollbackFaultAfter.TotalSeconds:0}") : null,
            rollback ? settings.RollbackBake : settings.Bake,
            // The benchmark's copy carries its own clock's time (the ledger keeps the engine's), to line up with the load.
            e => { lock (events) events.Add(e with { Time = _clock.GetUtcNow() }); });
        var calledAt = _clock.GetUtcNow();
        DeployOutcome? outcome = null;
        string? error = null;
        var rolledBack = false;
        try
        {
            // The engine runs its steps synchronously: off the caller's thread, so the load's continuations keep running.
            outcome = await Task.Run(() => deployer.DeployAsync(new DeployRequest(release, "benchmark:" + Environment.UserName, "benchmark"), cancellation), cancellation);
        }
        catch (DeploymentRolledBackException)
        {
            rolledBack = true;
        }
#pragma warning disable CA1031 // A failed deploy is a result of the benchmark (the row says FAILED), not the end of it.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            error = e.Message.Split('\n')[0];
        }
        var returnedAt = _clock.GetUtcNow();
        lock (events)
            return new DeployAttempt(number, kind, release.Version, calledAt, returnedAt)
            {
                Events = events.ToList(),
                Phases = outcome?.Phases,
                RolledBack = rolledBack,
                Error = error,
            };
    }
}

/// <summary>Hands every audit record to the ledger's auditor first, then to the benchmark (which reads the switch's times from them).</summary>
public sealed class ObservedAuditor(IDeployAuditor inner, Action<AuditEvent> observe) : IDeployAuditor
{
    public IReadOnlyList<AuditEvent> Recent(int count) => inner.Recent(count);

    public async Task<AuditEvent> RecordAsync(AuditEvent record, CancellationToken cancellation = default)
    {
        var sealedRecord = await inner.RecordAsync(record, cancellation);
        observe(sealedRecord);
        return sealedRecord;
    }
}
