using BuildEngine.Cli;
using BuildEngine.Execution;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Execution;

/// <summary>Produces/Consumes are data for the CI workflow generator; here they must resolve to targets and globs.</summary>
public sealed class ArtifactTests
{
    [DefaultTarget("Push")]
    sealed class ArtifactBuild : NukeBuild
    {
        Target Build => _ => _.Produces("artifacts/images.json", "artifacts/sbom/*.json").Executes(() => { });
        Target Push => _ => _.DependsOn(Build).Consumes(Build, "artifacts/images.json").Executes(() => { });
    }

    [Fact]
    public void Produces_and_consumes_are_recorded_on_the_targets()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ArtifactBuild>("--plan");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["artifacts/images.json", "artifacts/sbom/*.json"], r.Target("Build").ArtifactProducts);
        var (consumed, globs) = Assert.Single(r.Target("Push").ArtifactDependencies);
        Assert.Equal("Build", consumed.Name);
        Assert.Equal(["artifacts/images.json"], globs);
    }

    [Fact]
    public void The_schema_lists_targets_and_typed_parameters_and_keeps_secrets_out_of_files()
    {
        using var runner = new BuildRunner();
        var r = runner.Run<SchemaBuild>("--plan");

        var schema = BuildSchema.Generate(r.Build!.Targets, BuildEngine.Parameters.ParameterMember.Discover(typeof(SchemaBuild)));

        using var json = System.Text.Json.JsonDocument.Parse(schema);
        var definitions = json.RootElement.GetProperty("definitions");
        Assert.Equal(["Only"], definitions.GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Blue", "Green"], definitions.GetProperty("Colour").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var properties = json.RootElement.GetProperty("allOf")[0].GetProperty("properties");
        Assert.Equal("integer", properties.GetProperty("Retries").GetProperty("type").GetString());
        Assert.Equal("array", properties.GetProperty("Hosts").GetProperty("type").GetString());
        Assert.Contains("never from a parameters file", properties.GetProperty("Token").GetProperty("default").GetString());
    }

    public enum Colour { Blue, Green }

    [DefaultTarget("Only")]
    sealed class SchemaBuild : NukeBuild
    {
        [Parameter("Retries")] readonly int Retries = 3;
        [Parameter("Hosts")] readonly string[] Hosts = [];
        [Parameter("Colour")] readonly Colour Active = Colour.Blue;
        [Parameter("Token"), Secret] readonly string? Token = null;
        Target Only => _ => _.Executes(() => Console.Write($"{Retries}{Hosts.Length}{Active}{Token}"));
    }
}
