using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Parameters;

/// <summary>
/// Where a parameter's value comes from (acceptance case 19): command line &gt; environment (exact name, then normalised,
/// then NUKE_ prefix) &gt; parameters.&lt;profile&gt;.json &gt; parameters.json &gt; the member's default.
/// </summary>
public sealed class ParameterPrecedenceTests
{
    public interface IHazRegistry : INukeBuild
    {
        [Parameter("Container registry")]
        string Registry => TryGetValue(() => Registry) ?? "default";
    }

    public static TheoryData<string?, string?, string?, string?, string> Sources => new()
    {
        // cli, environment (NAME=value;...), parameters.json, parameters.prod.json (--profile prod), expected
        { "a", "REGISTRY=b", "c", null, "a" },
        { null, "REGISTRY=b", "c", null, "b" },
        { null, null, "c", null, "c" },
        { null, "NUKE_REGISTRY=d", null, null, "d" },
        { null, "NUKE_REGISTRY=d", "c", null, "d" },
        { null, null, "c", "e", "e" },
        { null, null, null, "e", "e" },
        { null, "REGISTRY=b", "c", "e", "b" },
        { "a", null, "c", "e", "a" },
        { "a", "REGISTRY=b;NUKE_REGISTRY=d", "c", "e", "a" },
        { null, "Registry=x;REGISTRY=b", null, null, "x" },
        { null, "REGISTRY=b;NUKE_REGISTRY=d", null, null, "b" },
        { null, "registry=b", null, null, "b" },
        { null, null, null, null, "default" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Case19_FieldParameter(string? cli, string? environment, string? file, string? profile, string expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FieldBuild>(Arrange(runner, cli, environment, file, profile));

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.Seen);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Case19_ComponentParameterReadWithTryGetValue(string? cli, string? environment, string? file, string? profile, string expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<ComponentBuild>(Arrange(runner, cli, environment, file, profile));

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.Seen);
    }

    [ParameterPrefix("Docker")]
    public interface IHazDocker : INukeBuild
    {
        [Parameter] string? Registry => TryGetValue(() => Registry);
    }

    [Theory]
    [InlineData("--docker-registry", "a")]
    [InlineData("--DockerRegistry", "a")]
    public void AComponentsParameterPrefix_IsPartOfItsName(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<PrefixedBuild>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("a", r.Build!.Seen);
    }

    [Fact]
    public void AComponentsParameterPrefix_IsPartOfItsEnvironmentName()
    {
        using var runner = new BuildRunner();
        runner.Environment["DOCKER_REGISTRY"] = "b";
        runner.Environment["REGISTRY"] = "not-mine";

        var r = runner.Run<PrefixedBuild>();

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("b", r.Build!.Seen);
    }

    [Fact]
    public void TheLastProfileWins()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.json", """{ "Registry": "c" }""");
        runner.WriteParametersFile("parameters.prod.json", """{ "Registry": "prod" }""");
        runner.WriteParametersFile("parameters.eu.json", """{ "Registry": "eu" }""");

        Assert.Equal("eu", runner.Run<FieldBuild>("--profile", "prod", "eu").Build!.Seen);
        Assert.Equal("prod", runner.Run<FieldBuild>("--profile", "eu", "prod").Build!.Seen);
    }

    [Fact]
    public void AnUnknownProfile_IsAUsageError()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.prod.json", """{ "Registry": "prod" }""");

        var r = runner.Run<FieldBuild>("--profile", "staging");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Profile 'staging'", r.Output, StringComparison.Ordinal);
        Assert.Contains("prod", r.Output, StringComparison.Ordinal);
        Assert.Null(r.Build!.Seen);
    }

    [Theory]
    [InlineData("--registry", "a")]
    [InlineData("--Registry", "a")]
    [InlineData("-registry", "a")]
    [InlineData("--registry=a")]
    [InlineData("--registry", "z", "--registry", "a")]
    public void CommandLineNames_MatchCaseAndDashInsensitively_AndTheLastOccurrenceWins(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FieldBuild>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("a", r.Build!.Seen);
    }

    [Fact]
    public void TwoEnvironmentVariablesNormalisingToTheSameName_AreAUsageError()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY"] = "b";
        runner.Environment["registry"] = "c";

        var r = runner.Run<FieldBuild>();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("REGISTRY", r.Output, StringComparison.Ordinal);
        Assert.Contains("registry", r.Output, StringComparison.Ordinal);
        Assert.Null(r.Build!.Seen);
    }

    [Fact]
    public void TwoEnvironmentVariablesNormalisingToTheSameName_AreAUsageError_ForAComponentParameter()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY"] = "b";
        runner.Environment["registry"] = "c";

        var r = runner.Run<ComponentBuild>();

        Assert.Equal(2, r.ExitCode);
        Assert.Null(r.Build!.Seen);
    }

    [Theory]
    [InlineData("--registy")]
    [InlineData("--registy", "a")]
    public void AnUnknownParameter_IsAUsageError_SuggestingTheClosestName(params string[] arguments)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<FieldBuild>(arguments);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown parameter '--registy'", r.Output, StringComparison.Ordinal);
        Assert.Contains("Did you mean '--registry'?", r.Output, StringComparison.Ordinal);
        Assert.Null(r.Build!.Seen);
    }

    [Fact]
    public void AnUnknownKeyInAParametersFile_IsAUsageError()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.json", """{ "Registy": "c" }""");

        var r = runner.Run<FieldBuild>();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown parameter 'Registy'", r.Output, StringComparison.Ordinal);
        Assert.Null(r.Build!.Seen);
    }

    [Fact]
    public void ASecretInAParametersFile_IsRefused()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.json", """{ "$schema": "./build.schema.json", "RegistryPassword": "from-file" }""");

        var r = runner.Run<FieldBuild>();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'RegistryPassword' is a secret", r.Output, StringComparison.Ordinal);
        Assert.Null(r.Build!.Seen);
    }

    [Fact]
    public void ASecretInAProfileFile_IsRefused()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.prod.json", """{ "RegistryPassword": "from-file" }""");

        var r = runner.Run<FieldBuild>("--profile", "prod");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'RegistryPassword' is a secret", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersAreInjectedBeforePlanning_SoStaticConditionsSeeThem()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY"] = "skip-me";

        var r = runner.Run<FieldBuild>("Conditional");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(BuildEngine.Execution.ExecutionStatus.Skipped, r.Status("Conditional"));
    }

    static string[] Arrange(BuildRunner runner, string? cli, string? environment, string? file, string? profile)
    {
        var arguments = new List<string> { "Show" };
        if (cli is not null)
            arguments.AddRange(["--registry", cli]);
        foreach (var pair in (environment ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            runner.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        if (file is not null)
            runner.WriteParametersFile("parameters.json", $$"""{ "$schema": "./build.schema.json", "Registry": "{{file}}" }""");
        if (profile is not null)
        {
            runner.WriteParametersFile("parameters.prod.json", $$"""{ "Registry": "{{profile}}" }""");
            arguments.AddRange(["--profile", "prod"]);
        }
        return [.. arguments];
    }

    [DefaultTarget("Show")]
    sealed class FieldBuild : NukeBuild
    {
        [Parameter("Container registry")] readonly string Registry = "default";
        [Parameter] [Secret] readonly string? RegistryPassword;

        public string? Seen { get; private set; }

        Target Show => _ => _.Executes(() => Seen = Registry);
        Target Conditional => _ => _.OnlyWhenStatic(() => Registry != "skip-me").Executes(() => Seen = RegistryPassword);
    }

    [DefaultTarget("Show")]
    sealed class PrefixedBuild : NukeBuild, IHazDocker
    {
        public string? Seen { get; private set; }

        Target Show => _ => _.Executes(() => Seen = ((IHazDocker)this).Registry);
    }

    [DefaultTarget("Show")]
    sealed class ComponentBuild : NukeBuild, IHazRegistry
    {
        public string? Seen { get; private set; }

        Target Show => _ => _.Executes(() => Seen = ((IHazRegistry)this).Registry);
    }
}
