using BuildEngine;
using BuildEngine.Tooling;
using Delivery.Docker;
using Delivery.Execution;
using Serilog;

interface IEnsureDockerPlugins : IBootstrapImages
{
    Target EnsureDockerPlugins => _ => _
        .Description("Adds the Compose v2 and buildx CLI plugins from Debian 13 when the docker CLI lacks them")
        .Unlisted()
        .DependsOn(BootstrapImages)
        .Executes(() =>
        {
            var missing = new[] { "docker-compose", "docker-buildx" }.Where(plugin => !Answers(plugin["docker-".Length..])).ToList();
            var plan = DockerPluginsPlanner.Plan(missing, new DockerPluginSettings(DockerPluginSettings.DefaultPluginDirectory, TemporaryDirectory / "docker-plugins"));
            Log.Information("{Plan}", plan.Render());
            new ProcessStepRunner().Run(plan);
            var stillMissing = new[] { "compose", "buildx" }.Where(command => !Answers(command)).ToList();
            if (stillMissing.Count > 0)
                throw new InvalidOperationException($"The docker CLI still lacks: {string.Join(", ", stillMissing)}. Install Debian's docker-compose/docker-buildx plugins by hand.");
        });

    static bool Answers(string command) => ProcessTasks.Probe("docker", [command, "version"], TimeSpan.FromSeconds(20)).ExitCode == 0;
}
