namespace Delivery.Load;

/// <summary>
/// One planned request. <see cref="Latency"/> runs from the planned start, not from the moment it was sent, so time spent
/// waiting behind a stall counts (no coordinated omission).
/// </summary>
public sealed record RequestSample(
    long Sequence,
    string Kind,
    DateTimeOffset PlannedAt,
    TimeSpan SendLag,
    TimeSpan? Latency,
    int? StatusCode,
    TransportError? Error)
{
    /// <summary>The unique client_name of a write; null for reads.</summary>
    public string? WriteName { get; init; }

    /// <summary>The X-App-Version header, to attribute the response to blue or green.</summary>
    public string? AppVersion { get; init; }

    /// <summary>For a transport error: whether the request may have reached the server.</summary>
    public bool MayHaveBeenSent { get; init; }

    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>The status code ("201", "502") or the transport error class ("refused", "client_saturated").</summary>
    public string Outcome => StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? TransportErrors.Label(Error ?? TransportError.Other);

    public WriteOutcome? Write => WriteName is null ? null
        : Succeeded ? WriteOutcome.Acknowledged
        : StatusCode >= 500 || (StatusCode is null && MayHaveBeenSent) ? WriteOutcome.Ambiguous
        : WriteOutcome.Rejected;
}
