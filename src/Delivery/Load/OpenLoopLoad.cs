using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;

namespace Delivery.Load;

/// <summary>
/// Sends requests at a constant arrival rate: request <c>i</c> is planned at <c>start + i / rate</c> and sent then, whether or
/// not earlier requests have finished. A closed-loop client (wrk, ab, a curl loop) waits for each response before the next
/// request, so a stalled server also stalls the load and the stall hides itself (coordinated omission); here it shows as
/// latency measured from the planned start and as failures.
/// </summary>
public sealed class OpenLoopLoad(HttpClient client, OpenLoopSettings settings)
{
    /// <summary>
    /// A client for a run: no redirects, no cookies, no client-side timeout (the run has its own), and enough connections
    /// for the whole in-flight cap. <paramref name="clients"/> independent connection pools take the requests in turn
    /// (simulated browsers); <see cref="LoadConnections.PerRequest"/> also needs <see cref="OpenLoopSettings.NewConnectionPerRequest"/>.
    /// </summary>
    public static HttpClient CreateClient(Uri baseAddress, RemoteCertificateValidationCallback? validateCertificate = null,
        LoadConnections connections = LoadConnections.KeepAlive, int clients = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        HttpMessageHandler Pool() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            SslOptions = { RemoteCertificateValidationCallback = validateCertificate },
        };
        var http2 = connections == LoadConnections.Http2;
        return new HttpClient(clients == 1 ? Pool() : new RoundRobinHandler(Enumerable.Range(0, clients).Select(_ => Pool()).ToList()))
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            // Exact: a run that asked for HTTP/2 and silently got HTTP/1.1 would measure the other protocol's race.
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    /// <summary>
    /// Runs until the planned duration, the hard maximum or <paramref name="cancellationToken"/>, whichever comes first, then
    /// waits for the requests in flight (each bounded by the request timeout). Cancelling is the normal way to end an open-ended
    /// run and returns the report; it does not abort requests already sent, which would count as failures of the generator.
    /// </summary>
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken = default)
    {
        settings.Validate();
        var cycle = RequestTemplate.Cycle(settings.Mix);
        var samples = new ConcurrentQueue<RequestSample>();
        var end = settings.Duration ?? settings.MaxDuration;
        var inFlight = 0;
        var peakInFlight = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var startedAt = settings.Clock.GetUtcNow();
        var clock = Stopwatch.StartNew();

        // The schedule runs on its own thread so a busy thread pool delays sends (visible as send lag) but never the plan.
        var pending = await Task.Factory.StartNew(Schedule, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        await Task.WhenAll(pending).ConfigureAwait(false);
        return new LoadReport(startedAt, settings.RatePerSecond, clock.Elapsed, samples.OrderBy(s => s.Sequence).ToList())
        {
            PeakInFlight = peakInFlight,
        };

        List<Task> Schedule()
        {
            var tasks = new List<Task>();
            for (long sequence = 0; ; sequence++)
            {
                var due = TimeSpan.FromSeconds(sequence / settings.RatePerSecond);
                if (due >= end)
                    break;
                if (WaitUntil(due))
                    break;
                var template = cycle[sequence % cycle.Length];
                var writeName = template.IsWrite ? $"{settings.RunId}-{sequence}" : null;
                var plannedAt = startedAt + due;
                var lag = clock.Elapsed - due;
                var running = Interlocked.Increment(ref inFlight);
                if (running > settings.MaxInFlight)
                {
                    Interlocked.Decrement(ref inFlight);
                    samples.Enqueue(new RequestSample(sequence, template.Kind, plannedAt, lag, null, null, TransportError.ClientSaturated) { WriteName = writeName });
                    continue;
                }
                if (running > peakInFlight)
                    peakInFlight = running;
                var planned = sequence;
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        samples.Enqueue(await SendAsync(planned, template, writeName, plannedAt, due, lag).ConfigureAwait(false));
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }, CancellationToken.None));
                if (tasks.Count >= 4096)
                    tasks.RemoveAll(t => t.IsCompleted);
            }
            return tasks;
        }

        // WaitOne truncates to whole milliseconds, which would send up to 1 ms early; rounding up sends up to ~1 ms late,
        // and that lateness is inside the measured latency. True when the run was cancelled.
        bool WaitUntil(TimeSpan due)
        {
            for (var wait = due - clock.Elapsed; wait > TimeSpan.Zero; wait = due - clock.Elapsed)
                if (stop.Token.WaitHandle.WaitOne((int)Math.Ceiling(wait.TotalMilliseconds)))
                    return true;
            return stop.IsCancellationRequested;
        }

        async Task<RequestSample> SendAsync(long sequence, RequestTemplate template, string? writeName, DateTimeOffset plannedAt, TimeSpan due, TimeSpan lag)
        {
            using var request = template.Create(writeName);
            request.Version = client.DefaultRequestVersion;
            request.VersionPolicy = client.DefaultVersionPolicy;
            request.Headers.ConnectionClose = settings.NewConnectionPerRequest;
            using var timeout = new CancellationTokenSource(settings.RequestTimeout);
            try
            {
                // ResponseContentRead: the latency includes the body, and a connection cut mid-body is a failure, not a 200.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                return new RequestSample(sequence, template.Kind, plannedAt, lag, clock.Elapsed - due, (int)response.StatusCode, null)
                {
                    WriteName = writeName,
                    AppVersion = response.Headers.TryGetValues("X-App-Version", out var values) ? values.FirstOrDefault() : null,
                };
            }
#pragma warning disable CA1031 // A load generator records every failure as data; none may end the run.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var error = TransportErrors.Classify(exception, timeout.IsCancellationRequested);
                return new RequestSample(sequence, template.Kind, plannedAt, lag, clock.Elapsed - due, null, error)
                {
                    WriteName = writeName,
                    MayHaveBeenSent = TransportErrors.MayHaveBeenSent(exception, error),
                };
            }
        }
    }
}
