namespace Delivery.Deployment;

/// <summary>
/// Where an environment's parts are: the compose command that addresses it, the containers compose names, the
/// slots' static addresses and the loopback ports the engine checks through. Derived from the environment settings.
/// </summary>
public sealed record Topology
{
    public required string Environment { get; init; }

    /// <summary><c>docker compose -p &lt;project&gt; -f compose.yaml -f compose.&lt;env&gt;.yaml</c>, as an argument vector.</summary>
    public required IReadOnlyList<string> Compose { get; init; }

    public required string Project { get; init; }
    public required string BlueAddress { get; init; }
    public required string GreenAddress { get; init; }
    public required int HttpsPort { get; init; }
    public required int PreviewPort { get; init; }

    /// <summary>The base image every engine has (bootstrapped or pulled); the lock container is created from it, never started.</summary>
    public string LockImage { get; init; } = "debian:trixie-slim";

    public string ProxyContainer => $"{Project}-proxy-1";
    public string LockContainer => $"{Project}-deploylock";

    public string ApiContainer(Colour colour) => $"{Project}-{colour.Service()}-1";

    public string Address(Colour colour) => colour == Colour.Blue ? BlueAddress : GreenAddress;
}
