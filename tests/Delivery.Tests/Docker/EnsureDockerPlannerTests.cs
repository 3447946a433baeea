using BuildEngine.IO;
using Delivery.Docker;
using Delivery.Execution;

namespace Delivery.Tests.Docker;

public sealed class EnsureDockerPlannerTests
{
    static readonly DockerDaemonSettings Settings = new(AbsolutePath.Create("/repo/.nuke/temp"));
    static readonly DockerEngineStatus Down = new(DockerEngineStatus.DefaultSocket, null, "Cannot connect to the Docker daemon");

    [Fact]
    public void A_reachable_engine_needs_nothing()
    {
        var plan = EnsureDockerPlanner.Plan(Down with { ApiVersion = "1.41", Error = null }, new HostFacts(true, true, true, false), Settings);

        Assert.True(plan.IsEmpty);
        Assert.Contains("API 1.41", plan.Render());
    }

    [Fact]
    public void A_debian_root_host_without_docker_installs_starts_and_waits()
    {
        var plan = EnsureDockerPlanner.Plan(Down, new HostFacts(IsRoot: true, HasAptGet: true, HasDockerd: false, DockerHostConfigured: false), Settings);

        Assert.Equal(
        [
            "apt-get update -qq",
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io",
            "bash -c 'mkdir -p \"$(dirname \"$1\")\"; setsid dockerd >>\"$1\" 2>&1 </dev/null & echo $! >\"$2\"' start-dockerd /repo/.nuke/temp/dockerd.log /repo/.nuke/temp/dockerd.pid",
            "wait up to 90 s until: docker version --format {{.Server.APIVersion}}",
        ], plan.Steps.Select(s => s.ToString()));
        Assert.Equal(StepKind.WaitUntilSucceeds, plan.Steps[^1].Kind);
    }

    [Fact]
    public void An_installed_but_stopped_daemon_is_only_started()
    {
        var plan = EnsureDockerPlanner.Plan(Down, new HostFacts(true, true, HasDockerd: true, false), Settings);

        Assert.Equal(["Start dockerd in the background (log: dockerd.log)", "Wait until the engine answers"], plan.Steps.Select(s => s.Description));
    }

    [Fact]
    public void Without_root_the_error_says_what_to_install()
    {
        var error = Assert.Throws<DockerUnavailableException>(() => EnsureDockerPlanner.Plan(Down, new HostFacts(false, true, false, false), Settings));

        Assert.Contains("No Docker engine answers at unix:///var/run/docker.sock", error.Message);
        Assert.Contains("apt-get install docker.io", error.Message);
        Assert.Contains("DOCKER_HOST", error.Message);
    }

    [Fact]
    public void A_configured_remote_engine_that_is_down_is_never_replaced_by_a_local_one()
    {
        var remote = new DockerEngineStatus("tcp://10.0.0.5:2376", null, "connection refused");

        var error = Assert.Throws<DockerUnavailableException>(() => EnsureDockerPlanner.Plan(remote, new HostFacts(true, true, true, DockerHostConfigured: true), Settings));

        Assert.StartsWith("DOCKER_HOST=tcp://10.0.0.5:2376 does not answer (connection refused)", error.Message, StringComparison.Ordinal);
    }
}
