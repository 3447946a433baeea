using BuildEngine.IO;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.Parameters;

/// <summary>How parameter text becomes typed values: lists, enums, numbers, flags and paths; and what a bad value does.</summary>
public sealed class ValueConversionTests
{
    public enum Flavor
    {
        Debug,
        Release,
        ReleaseCandidate,
    }

    public interface IHazRetries : INukeBuild
    {
        [Parameter] int? Retries => TryGetValue(() => Retries);
    }

    [Theory]
    [InlineData("cli-spaces")]
    [InlineData("cli-commas")]
    [InlineData("cli-commas-and-spaces")]
    [InlineData("env")]
    [InlineData("env-no-space")]
    [InlineData("file-array")]
    [InlineData("file-string")]
    public void ListsParseTheSameFromEverySource(string source)
    {
        using var runner = new BuildRunner();
        string[] arguments = ["Show"];
        switch (source)
        {
            case "cli-spaces": arguments = ["Show", "--names", "a", "b"]; break;
            case "cli-commas": arguments = ["Show", "--names", "a,b"]; break;
            case "cli-commas-and-spaces": arguments = ["Show", "--names", "a,", "b"]; break;
            case "env": runner.Environment["NAMES"] = "a, b"; break;
            case "env-no-space": runner.Environment["NAMES"] = "a,b"; break;
            case "file-array": runner.WriteParametersFile("parameters.json", """{ "Names": ["a", "b"] }"""); break;
            case "file-string": runner.WriteParametersFile("parameters.json", """{ "Names": "a, b" }"""); break;
        }

        var r = runner.Run<TypedBuild>(arguments);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["a", "b"], r.Build!.Names);
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a,b")]
    public void ListsParseIntoReadOnlyLists(params string[] values)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>(["Show", "--name-list", .. values]);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["a", "b"], r.Build!.NameList);
    }

    [Fact]
    public void AnEmptyEnvironmentVariable_GivesAnEmptyList()
    {
        using var runner = new BuildRunner();
        runner.Environment["NAMES"] = "";

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Build!.Names);
    }

    [Theory]
    [InlineData("release", Flavor.Release)]
    [InlineData("RELEASE", Flavor.Release)]
    [InlineData("Debug", Flavor.Debug)]
    [InlineData("release-candidate", Flavor.ReleaseCandidate)]
    [InlineData("releasecandidate", Flavor.ReleaseCandidate)]
    [InlineData("Release_Candidate", Flavor.ReleaseCandidate)]
    public void EnumsParseCaseAndDashInsensitively(string text, Flavor expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--flavor", text);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.Flavor);
    }

    [Fact]
    public void EnumsParseFromTheEnvironmentAndFiles()
    {
        using var runner = new BuildRunner();
        runner.Environment["FLAVOR"] = "release-candidate";
        runner.WriteParametersFile("parameters.json", """{ "Flavors": ["debug", "Release"] }""");

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Flavor.ReleaseCandidate, r.Build!.Flavor);
        Assert.Equal([Flavor.Debug, Flavor.Release], r.Build.Flavors);
    }

    [Fact]
    public void ABadEnumValue_IsAUsageError_NamingTheAllowedValues()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--flavor", "fast");

        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.Output.Split('\n'), l => l.Contains("'fast'", StringComparison.Ordinal));
        Assert.Contains("--flavor", error, StringComparison.Ordinal);
        Assert.Contains("debug", error, StringComparison.Ordinal);
        Assert.Contains("release", error, StringComparison.Ordinal);
        Assert.Contains("releasecandidate", error.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void ABadEnumValueInTheEnvironment_IsAUsageError_NamingTheVariable()
    {
        using var runner = new BuildRunner();
        runner.Environment["FLAVOR"] = "fast";

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("FLAVOR", r.Output, StringComparison.Ordinal);
        Assert.Contains("'fast'", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("-1", -1)]
    [InlineData("0", 0)]
    public void IntegersParse(string text, int expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--count", text);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.Count);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void ABadInteger_IsAUsageError(string text)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--count", text);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"'{text}' is not a valid integer", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Fact]
    public void AMissingValue_IsAUsageError()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--count");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--count", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Theory]
    [InlineData("Retry")] // Retry reads the parameter after Show ran
    [InlineData("Show")] // no target reads it
    public void ABadValueForAComponentParameter_IsAUsageErrorBeforeAnythingRuns(string target)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>(target, "--retries", "abc");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'abc' is not a valid integer", r.Output, StringComparison.Ordinal);
        Assert.Empty(r.Build!.Executed);
    }

    [Theory]
    [InlineData(new[] { "--dry-run" }, true)]
    [InlineData(new[] { "--dry-run", "true" }, true)]
    [InlineData(new[] { "--dry-run", "false" }, false)]
    [InlineData(new string[0], false)]
    public void BoolFlags(string[] flag, bool expected)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>(["Show", .. flag]);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.DryRun);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void BoolFromTheEnvironment(string value, bool expected)
    {
        using var runner = new BuildRunner();
        runner.Environment["DRY_RUN"] = value;

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Build!.DryRun);
    }

    [Fact]
    public void ARelativePathOnTheCommandLine_IsResolvedAgainstTheWorkingDirectory()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--output", "out/../artifacts/packages");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Path.Combine(runner.Root, "artifacts", "packages"), (string)r.Build!.Output!);
    }

    [Fact]
    public void ARelativePathInAParametersFile_IsResolvedAgainstTheRoot()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.json", """{ "Output": "artifacts" }""");

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Path.Combine(runner.Root, "artifacts"), (string)r.Build!.Output!);
    }

    [Fact]
    public void ARootedPath_IsTakenAsItIs()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<TypedBuild>("Show", "--output", "/var/tmp/out");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("/var/tmp/out", (string)r.Build!.Output!);
    }

    [Fact]
    public void ANumberInAParametersFile_ParsesAsAnInteger()
    {
        using var runner = new BuildRunner();
        runner.WriteParametersFile("parameters.json", """{ "Count": 7, "DryRun": true }""");

        var r = runner.Run<TypedBuild>("Show");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(7, r.Build!.Count);
        Assert.True(r.Build.DryRun);
    }

    sealed class TypedBuild : NukeBuild, IHazRetries
    {
        [Parameter] public readonly string[] Names = [];
        [Parameter] public readonly IReadOnlyList<string> NameList = [];
        [Parameter] public readonly Flavor Flavor;
        [Parameter] public readonly Flavor[] Flavors = [];
        [Parameter] public readonly int Count;
        [Parameter] public readonly bool DryRun;
        [Parameter] public readonly AbsolutePath? Output;

        public List<string> Executed { get; } = [];

        Target Show => _ => _.Executes(() => Executed.Add(nameof(Show)));
        Target Retry => _ => _.DependsOn(Show).Executes(() => Executed.Add($"{nameof(Retry)} {((IHazRetries)this).Retries}"));
    }
}
