using System.Text.Json;
using Delivery.Load;
using Delivery.Tests.Support;

namespace Delivery.Tests.Load;

[Collection(LoadTimingCollection.Name)]
public sealed class OpenLoopLoadTests
{
    static OpenLoopSettings Settings(double rate, TimeSpan duration, params RequestTemplate[] mix) =>
        new(rate, mix) { Duration = duration, RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Keeps_sending_at_the_planned_rate_while_the_server_stalls_and_measures_from_the_planned_start()
    {
        // A cold test host on 2 cores grows its thread pool by about one thread a second; with 200 requests held by the
        // stalled server, that starved the generator and the server alike for ~1 s (a third of solo runs failed on p50).
        // The generator's behaviour is the subject here, not the pool's warm-up, so the pool starts warm.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        await using var server = new HttpTestServer();
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);
        var stall = TimeSpan.FromSeconds(2);
        // Warm up the connection pool and JIT as well.
        await new OpenLoopLoad(client, Settings(50, TimeSpan.FromMilliseconds(300), RequestTemplate.Version())).RunAsync();

        var run = new OpenLoopLoad(client, Settings(100, TimeSpan.FromSeconds(3), RequestTemplate.Version())).RunAsync();
        await Task.Delay(500);
        var stalledOnServer = server.StallFor(stall);
        var stallEnds = DateTimeOffset.UtcNow + stall;
        var report = await run;

        Assert.Equal(300, report.Planned);
        Assert.Equal(0, report.Failed);
        Assert.True(report.MaxSendLag < TimeSpan.FromMilliseconds(250), $"max send lag {report.MaxSendLag}");
        // A closed-loop client sends 1 request while every response is held; this one keeps arriving at ~100/s (≈200). The
        // bound is loose because on a busy machine the server reads some requests late, shifting them across the window edges.
        var arrivedDuringStall = server.Requests.Count(r => r.ReceivedAt >= stalledOnServer && r.ReceivedAt < stalledOnServer + stall);
        Assert.True(arrivedDuringStall >= 150, $"{arrivedDuringStall} requests arrived during the 2 s stall");
        // Planned 0.1–0.2 s into the stall, answered at its end: the latency is the wait from the planned start, ≥ 1.8 s.
        var stalled = report.Samples.Where(s => s.PlannedAt >= stallEnds - stall + TimeSpan.FromMilliseconds(100)
                                             && s.PlannedAt < stallEnds - stall + TimeSpan.FromMilliseconds(200)).ToList();
        Assert.InRange(stalled.Count, 9, 11);
        Assert.All(stalled, s => Assert.True(s.Latency >= stallEnds - s.PlannedAt - TimeSpan.FromMilliseconds(30),
            $"request {s.Sequence} planned {(stallEnds - s.PlannedAt).TotalMilliseconds:0} ms before the stall ended took {s.Latency}"));
        Assert.True(report.Latency().Max >= TimeSpan.FromMilliseconds(1900), $"max {report.Latency().Max}");
        Assert.True(report.Latency().P50 < TimeSpan.FromMilliseconds(1000), $"p50 {report.Latency().P50}\n{report.RenderTimeline()}");
    }

    [Fact]
    public async Task A_closed_port_yields_refused_failures_and_no_ambiguous_writes()
    {
        using var client = OpenLoopLoad.CreateClient(new Uri($"http://127.0.0.1:{HttpTestServer.ClosedPort()}/"));

        var report = await new OpenLoopLoad(client, Settings(50, TimeSpan.FromMilliseconds(400), [.. RequestTemplate.PazPazMix(1)])).RunAsync();

        Assert.Equal(20, report.Planned);
        Assert.Equal(20, report.Count(TransportError.Refused));
        Assert.Equal("refused × 20", report.FailureSummary);
        Assert.Equal(0, report.Latency().Count);
        Assert.Empty(report.AmbiguousWrites);
        Assert.Equal(4, report.RejectedWrites.Count);
    }

    [Fact]
    public async Task Resets_dropped_connections_and_hangs_are_classified_and_writes_cut_by_them_are_ambiguous()
    {
        await using var server = new HttpTestServer(request => request.Path switch
        {
            "/reset" => new HttpTestReply.Reset(),
            "/eof" => new HttpTestReply.Eof(),
            "/hang" => new HttpTestReply.Hang(),
            _ => HttpTestReply.Ok(),
        });
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);
        var settings = Settings(40, TimeSpan.FromMilliseconds(500),
            RequestTemplate.Get("reset", "/reset", 1),
            RequestTemplate.Get("eof", "/eof", 1),
            RequestTemplate.Get("hang", "/hang", 1),
            RequestTemplate.CreateAppointment(1) with { Path = "/reset" }) with { RequestTimeout = TimeSpan.FromMilliseconds(500) };

        var report = await new OpenLoopLoad(client, settings).RunAsync();

        Assert.Equal(20, report.Planned);
        Assert.All(report.Samples.Where(s => s.Kind == "reset"), s => Assert.Equal(TransportError.Reset, s.Error));
        Assert.All(report.Samples.Where(s => s.Kind == "eof"), s => Assert.Equal(TransportError.Eof, s.Error));
        Assert.All(report.Samples.Where(s => s.Kind == "hang"), s => Assert.Equal(TransportError.Timeout, s.Error));
        Assert.Equal("eof × 5, reset × 10, timeout × 5", report.FailureSummary);
        Assert.Equal(5, report.AmbiguousWrites.Count);
        Assert.Empty(report.AcknowledgedWrites);
    }

    [Fact]
    public async Task Requests_beyond_the_in_flight_cap_count_as_client_saturated_instead_of_being_dropped()
    {
        await using var server = new HttpTestServer();
        server.StallFor(TimeSpan.FromSeconds(1.5));
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);
        var settings = Settings(50, TimeSpan.FromMilliseconds(400), RequestTemplate.Version()) with { MaxInFlight = 2 };

        var report = await new OpenLoopLoad(client, settings).RunAsync();

        Assert.Equal(20, report.Planned);
        Assert.Equal(2, report.Succeeded);
        Assert.Equal(18, report.Count(TransportError.ClientSaturated));
        Assert.Equal(2, report.PeakInFlight);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task An_open_ended_run_stops_at_the_hard_maximum_or_when_cancelled_and_still_reports()
    {
        await using var server = new HttpTestServer();
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);

        var capped = await new OpenLoopLoad(client, new OpenLoopSettings(100, [RequestTemplate.Version()]) { MaxDuration = TimeSpan.FromMilliseconds(300) }).RunAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var cancelled = await new OpenLoopLoad(client, new OpenLoopSettings(100, [RequestTemplate.Version()])).RunAsync(cancel.Token);

        Assert.Equal(30, capped.Planned);
        Assert.InRange(cancelled.Planned, 20, 45);
        Assert.Equal(0, capped.Failed + cancelled.Failed);
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(2), $"elapsed {cancelled.Elapsed}");
    }

    [Fact]
    public async Task The_mix_follows_the_weights_and_every_acknowledged_write_carries_its_unique_name()
    {
        await using var server = new HttpTestServer(request => request.Method == "POST" ? HttpTestReply.Ok(request.Body, 201) : HttpTestReply.Ok());
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);
        var settings = Settings(100, TimeSpan.FromMilliseconds(400),
            RequestTemplate.Version(1), RequestTemplate.CreateAppointment(7, 2), RequestTemplate.Schedule(7, 1)) with { RunId = "run42" };

        var report = await new OpenLoopLoad(client, settings).RunAsync();

        Assert.Equal([("schedule", 10), ("version", 10), ("write", 20)],
            report.Samples.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList());
        Assert.Equal(20, report.AcknowledgedWrites.Distinct().Count());
        Assert.All(report.AcknowledgedWrites, name => Assert.StartsWith("run42-", name, StringComparison.Ordinal));
        var posted = server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.All(posted, r => Assert.Equal("/api/v1/workspaces/7/appointments", r.Path));
        var bodies = posted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(report.AcknowledgedWrites.Order(), bodies.Select(b => b.GetProperty("client_name").GetString()!).Order());
        Assert.All(bodies, b => Assert.Equal(45, b.GetProperty("duration_minutes").GetInt32()));
        Assert.All(report.Samples, s => Assert.Equal("test", s.AppVersion));
        // Never sent before its planned time: an early send would flatter the latency.
        Assert.All(report.Samples, s => Assert.True(s.SendLag >= TimeSpan.Zero, $"request {s.Sequence} sent {-s.SendLag.TotalMilliseconds:0.000} ms early"));
    }

    [Fact]
    public async Task New_connection_per_request_opens_one_connection_per_request_and_the_default_reuses_them()
    {
        await using var reusing = new HttpTestServer();
        await using var closing = new HttpTestServer();
        using var reuseClient = OpenLoopLoad.CreateClient(reusing.BaseAddress);
        using var closeClient = OpenLoopLoad.CreateClient(closing.BaseAddress);

        // Warm-up: while the first requests are slow (JIT), an open-loop client opens a connection per waiting request.
        await new OpenLoopLoad(reuseClient, Settings(10, TimeSpan.FromMilliseconds(500), RequestTemplate.Version())).RunAsync();
        var warm = reusing.Connections;

        var reused = await new OpenLoopLoad(reuseClient, Settings(50, TimeSpan.FromMilliseconds(400), RequestTemplate.Version())).RunAsync();
        var fresh = await new OpenLoopLoad(closeClient, Settings(50, TimeSpan.FromMilliseconds(400), RequestTemplate.Version()) with { NewConnectionPerRequest = true }).RunAsync();

        Assert.Equal(0, reused.Failed + fresh.Failed);
        Assert.Equal(20, closing.Connections);
        Assert.InRange(reusing.Connections - warm, 0, 3);
    }

    [Fact]
    public async Task Several_clients_take_the_requests_in_turn_each_on_its_own_connection()
    {
        await using var server = new HttpTestServer();
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress, clients: 4);

        var report = await new OpenLoopLoad(client, Settings(50, TimeSpan.FromMilliseconds(400), RequestTemplate.Version())).RunAsync();

        Assert.Equal(0, report.Failed);
        Assert.True(server.Requests.Select(r => r.Connection).Distinct().Count() >= 4, $"{server.Connections} connections for 4 clients");
    }

    [Fact]
    public async Task The_load_counts_its_planned_starts_from_the_clock_it_is_given()
    {
        await using var server = new HttpTestServer();
        using var client = OpenLoopLoad.CreateClient(server.BaseAddress);
        var anHourBehind = new ShiftedClock(TimeSpan.FromHours(-1));

        var report = await new OpenLoopLoad(client, new OpenLoopSettings(50, [RequestTemplate.Version()])
        {
            Duration = TimeSpan.FromMilliseconds(200),
            Clock = anHourBehind,
        }).RunAsync();

        Assert.InRange(report.StartedAt, DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-10), DateTimeOffset.UtcNow.AddHours(-1));
        Assert.All(report.Samples, s => Assert.InRange(s.PlannedAt, report.StartedAt, report.StartedAt + TimeSpan.FromMilliseconds(200)));
    }
}
