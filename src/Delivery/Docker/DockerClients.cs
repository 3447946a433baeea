using Docker.DotNet;

namespace Delivery.Docker;

/// <summary>
/// Engine API clients for <c>DOCKER_HOST</c> or the default socket, speaking the engine's own API version
/// (<c>DOCKER_API_VERSION</c>, set by EnsureDocker): the client library's default is newer than old engines accept.
/// </summary>
public static class DockerClients
{
    public static DockerClient Create()
    {
        var endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DockerEngineStatus.DefaultSocket;
        var version = Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 } configured
            ? configured
            : DockerEngineStatus.Probe().ApiVersion ?? throw new DockerUnavailableException($"No Docker engine answers at {endpoint}; run ./build.sh EnsureDocker.");
        return new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).WithApiVersion(Version.Parse(version)).Build();
    }
}
