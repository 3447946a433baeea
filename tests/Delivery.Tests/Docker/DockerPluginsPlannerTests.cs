using BuildEngine.IO;
using Delivery.Docker;

namespace Delivery.Tests.Docker;

public sealed class DockerPluginsPlannerTests
{
    static readonly DockerPluginSettings Settings = new(AbsolutePath.Create("/root/.docker/cli-plugins"), AbsolutePath.Create("/repo/.nuke/temp/docker-plugins"));

    [Fact]
    public void Nothing_to_do_when_both_plugins_answer()
    {
        Assert.True(DockerPluginsPlanner.Plan([], Settings).IsEmpty);
    }

    [Fact]
    public void Missing_plugins_are_downloaded_in_the_base_image_and_only_unpacked()
    {
        var plan = DockerPluginsPlanner.Plan(["docker-compose"], Settings);
        var commands = plan.Steps.Select(s => s.ToString()).ToList();

        Assert.Contains("docker run --rm -v /repo/.nuke/temp/docker-plugins/debs:/out debian:trixie-slim sh -c 'apt-get update -qq && cd /out && apt-get download docker-compose'", commands);
        Assert.Contains("install -m 0755 /repo/.nuke/temp/docker-plugins/unpacked/usr/libexec/docker/cli-plugins/docker-compose /root/.docker/cli-plugins/docker-compose", commands);
        Assert.DoesNotContain(commands, c => c.Contains("buildx", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("apt-get install", StringComparison.Ordinal) || c.StartsWith("dpkg -i", StringComparison.Ordinal));
        Assert.Equal("rm -rf /repo/.nuke/temp/docker-plugins", commands[^1]);
    }
}
