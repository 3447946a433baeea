namespace Delivery.Load;

/// <summary>How fast, how long and how bounded an open-loop run is.</summary>
public sealed record OpenLoopSettings(double RatePerSecond, IReadOnlyList<RequestTemplate> Mix)
{
    /// <summary>The planned length; null runs until cancelled (still bounded by <see cref="MaxDuration"/>).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The hard stop for scheduling, whatever the caller forgets to cancel.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Beyond this many requests in flight, a planned request is not sent and counts as <c>client_saturated</c>.</summary>
    public int MaxInFlight { get; init; } = 2000;

    /// <summary>Per request, from the moment it is sent; also bounds how long the run waits for stragglers.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sends <c>Connection: close</c> so each request opens a connection; the default reuses keep-alive connections like a browser.</summary>
    public bool NewConnectionPerRequest { get; init; }

    /// <summary>Where the planned starts are counted from (the report's StartedAt); a benchmark gives all its parts one clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Prefix of the unique client_name of each write, so that runs never collide in the database.</summary>
    public string RunId { get; init; } = "load-" + Guid.NewGuid().ToString("N")[..8];

    internal void Validate()
    {
        if (!(RatePerSecond > 0 && RatePerSecond <= 100_000))
            throw new ArgumentException($"RatePerSecond must be in (0, 100000], not {RatePerSecond}.");
        if (MaxDuration <= TimeSpan.Zero)
            throw new ArgumentException($"MaxDuration must be positive, not {MaxDuration}.");
        if (Duration is { } duration && (duration <= TimeSpan.Zero || duration > MaxDuration))
            throw new ArgumentException($"Duration must be positive and at most MaxDuration ({MaxDuration}), not {duration}.");
        if (MaxInFlight < 1)
            throw new ArgumentException($"MaxInFlight must be at least 1, not {MaxInFlight}.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"RequestTimeout must be positive, not {RequestTimeout}.");
    }
}
