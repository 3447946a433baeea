using System.Diagnostics;
using System.Text.Json;
using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Dependencies;
using Integration.Tests.Bootstrap;
using Xunit.Abstractions;

namespace Integration.Tests.Scanning.RepositoryScanners;

/// <summary>Both SBOMs of this repository, written by the real CycloneDX tools into a scratch artifacts folder.</summary>
[Collection(DotnetRestoreCollection.Name)]
public sealed class SbomGeneratorTests(ITestOutputHelper output) : IDisposable
{
    static readonly AbsolutePath Root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
    static readonly AbsolutePath Tools = Root / ".nuke" / "temp" / "tools";
    readonly AbsolutePath _artifacts = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-sbom-").FullName);

    ScanTarget Target => new(Root, [], _artifacts);

    async Task<(SbomResult Result, JsonDocument Document)> GenerateAsync(ISbomGenerator generator)
    {
        var clock = Stopwatch.StartNew();
        var result = await generator.GenerateAsync(Target, output.WriteLine);
        output.WriteLine($"{generator.Name}: {result.Status} in {clock.Elapsed.TotalSeconds:0.0} s: {result.Detail}");
        Assert.True(result.Status == ScannerStatus.Ran, result.Detail);
        Assert.Equal(_artifacts / "sbom" / generator.FileName, result.File);
        return (result, JsonDocument.Parse(result.File!.ReadAllText()));
    }

    static IEnumerable<string> ComponentNames(JsonDocument document) =>
        document.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    [Fact]
    public async Task The_web_apps_SBOM_lists_its_locked_npm_packages()
    {
        var (result, document) = await GenerateAsync(new NpmSbomGenerator(new NpmSbomSettings(Tools / "cyclonedx-npm")));

        Assert.Equal("web-npm.cdx.json", result.File!.Name);
        Assert.Equal("CycloneDX", document.RootElement.GetProperty("bomFormat").GetString());
        Assert.True(result.Components > 0);
        Assert.Contains("vue", ComponentNames(document));
        Assert.Contains("vite", ComponentNames(document));
    }

    [Fact]
    public async Task The_NuGet_SBOM_lists_the_solutions_packages()
    {
        var (result, document) = await GenerateAsync(new NuGetSbomGenerator(new NuGetSbomSettings(Tools / "cyclonedx-dotnet")));

        Assert.Equal("nuget.cdx.json", result.File!.Name);
        Assert.Equal("CycloneDX", document.RootElement.GetProperty("bomFormat").GetString());
        Assert.True(result.Components > 0);
        Assert.Contains("YamlDotNet", ComponentNames(document));
        Assert.Contains("CliWrap", ComponentNames(document));
    }

    public void Dispose() => _artifacts.DeleteDirectory();
}
