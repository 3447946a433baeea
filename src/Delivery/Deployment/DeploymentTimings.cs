namespace Delivery.Deployment;

/// <summary>How long each wait of a deploy may take (anchors-deploy.md §5.1); tests shorten the bake.</summary>
public sealed record DeploymentTimings
{
    /// <summary>From start until Docker reports the candidate healthy; above the image's start period.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive ready answers through the preview server, one a second, before the switch.</summary>
    public int ReadyInARow { get; init; } = 3;

    /// <summary>After a reload, the public server must answer with the new version within this.</summary>
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
    /// nginx's <c>worker_shutdown_timeout</c> (nginx/nginx.conf; a test keeps them equal). A reload's old workers keep the
    /// WebSockets they hold until the deploy re-homes them after its last reload, so this bounds a deploy from its first
    /// reload (the preview) to that point; beyond it nginx cuts the sockets without a close frame.
    /// </summary>
    public static TimeSpan ProxyWorkerShutdown { get; } = TimeSpan.FromMinutes(15);

    /// <summary>The SPA update's compose step may take this long (DeploymentPlanner's compose timeout).</summary>
    static readonly TimeSpan WebUpdate = TimeSpan.FromMinutes(5);

    /// <summary>The longest a deploy can run from its first reload to re-homing the WebSockets after its last.</summary>
    public TimeSpan FirstReloadToRehome => HealthTimeout + SwitchVerification + Bake + WebUpdate;

    /// <summary>The longest bake that keeps <see cref="FirstReloadToRehome"/> within <see cref="ProxyWorkerShutdown"/>.</summary>
    public TimeSpan LongestBake => ProxyWorkerShutdown - (FirstReloadToRehome - Bake);

    /// <summary>Bad timings are refused before the lock is taken, so nothing has changed when this throws.</summary>
    public void Validate()
    {
        if (FirstReloadToRehome > ProxyWorkerShutdown)
            throw new DeploymentException(
                $"A bake of {Bake.TotalSeconds:0} s is too long: from its first nginx reload to its last a deploy could take {FirstReloadToRehome.TotalMinutes:0.#} min, " +
                $"but nginx closes what old workers still hold after {ProxyWorkerShutdown.TotalMinutes:0} min (worker_shutdown_timeout), cutting WebSockets without 1012. " +
                $"Use a bake of at most {LongestBake.TotalSeconds:0} s, or raise worker_shutdown_timeout in nginx/nginx.conf and DeploymentTimings.ProxyWorkerShutdown together.");
    }

    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);
}
