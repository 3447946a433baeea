namespace Delivery.Load;

/// <summary>
/// Spreads requests over several independent connection pools, one per simulated browser: an HTTP/2 client otherwise
/// multiplexes everything onto one connection, which one nginx worker would serve alone.
/// </summary>
public sealed class RoundRobinHandler(IReadOnlyList<HttpMessageHandler> handlers) : HttpMessageHandler
{
    readonly HttpMessageInvoker[] _invokers = handlers.Count > 0
        ? handlers.Select(h => new HttpMessageInvoker(h, disposeHandler: true)).ToArray()
        : throw new ArgumentException("At least one handler is needed.", nameof(handlers));
    int _next = -1;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invokers[(int)((uint)Interlocked.Increment(ref _next) % (uint)_invokers.Length)].SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var invoker in _invokers)
                invoker.Dispose();
        base.Dispose(disposing);
    }
}
