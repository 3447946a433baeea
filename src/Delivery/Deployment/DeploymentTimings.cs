namespace Delivery.Deployment;

/// <summary>How long each wait of a deploy may take (anchors-deploy.md §5.1); tests shorten the bake.</summary>
public sealed record DeploymentTimings
{
    /// <summary>From start until Docker reports the candidate healthy; above the image's start period.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive ready answers through the preview server, one a second, before the switch.</summary>
    public int ReadyInARow { get; init; } = 3;

    /// <summary>After the route changed, the public server must answer with the new version within this.</summary>
    public TimeSpan SwitchVerification { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The old colour stays warm this long while the new one is watched; any breach flips back.</summary>
    public TimeSpan Bake { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Public readiness failures in a row that count as a breach (one could be a blip).</summary>
    public int BakeFailuresInARow { get; init; } = 3;

    /// <summary>A share of the new colour's answers through the edge that are 5xx (or none) above this is a breach...</summary>
    public double BakeErrorRatio { get; init; } = 0.05;

    /// <summary>... once it has answered at least this many: two errors in the first three requests are not a trend.</summary>
    public int BakeMinimumRequests { get; init; } = 20;

    /// <summary>After asking the old colour to drain: its WebSockets close in batches over about this long.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan LockLease { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>After the drain, how long the old colour waits for nginx's old workers to let go before they are ended.</summary>
    public TimeSpan OldWorkers { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// nginx's <c>worker_shutdown_timeout</c> (nginx/nginx.conf; a test keeps them equal): what a reload's old workers
    /// still hold when the engine never re-homes it (a killed deploy, a certificate renewal) is cut after this. A switch
    /// makes no reload, so it does not bound the bake.
    /// </summary>
    public static TimeSpan ProxyWorkerShutdown { get; } = TimeSpan.FromMinutes(15);

    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);
}
