using Delivery.Docker;
using Delivery.Execution;

namespace Integration.Tests.Images;

/// <summary>EnsureDocker's CPU weight lands on the group that really holds the containers, on this host's engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class ContainerCpuPriorityTests(DockerFixture docker)
{
    [Fact]
    public async Task A_running_container_sits_in_the_group_that_outweighs_eight_host_threads()
    {
        var facts = ContainerCgroupFacts.Detect(HostFacts.Detect().IsRoot)
            ?? throw new InvalidOperationException("docker info did not say the engine's cgroup driver and version");
        var plan = ContainerCpuPriority.Plan(facts);
        if (facts.Driver != "cgroupfs")
        {
            // systemd weighs each container as a unit: nothing to set, and nothing may be written.
            Assert.True(plan.IsEmpty);
            return;
        }
        new ProcessStepRunner().Run(plan);
        // The fixture's registry runs for the whole test run.
        var registry = await docker.Client.Containers.InspectContainerAsync(docker.Registry.ContainerName);
        var (id, pid) = (registry.ID, registry.State!.Pid);

        var group = File.ReadAllLines($"/proc/{pid}/cgroup")
            .Select(line => line.Split(':', 3))
            .Single(parts => facts.CgroupVersion == 1 ? parts[1].Split(',').Contains("cpu") : parts[0] == "0")[2];

        Assert.Equal(ContainerCpuPriority.Target(facts.CgroupVersion), ContainerCgroupFacts.Detect(facts.IsRoot)!.Weight);
        // The weight file is that of /docker, the container's parent.
        Assert.Equal($"/docker/{id}", group);
    }
}
