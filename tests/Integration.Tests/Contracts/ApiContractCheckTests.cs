using System.Text.Json.Nodes;
using Integration.Tests.Bootstrap;

namespace Integration.Tests.Contracts;

public sealed class ApiContractCheckTests
{
    [Fact]
    public void A_removed_operation_against_the_last_pushed_release_stops_the_push_and_is_named()
    {
        using var repository = new RepositoryCopy();
        var head = repository.Git("rev-parse", "HEAD");
        Directory.CreateDirectory(Path.Combine(repository.Path, "artifacts"));
        File.WriteAllText(Path.Combine(repository.Path, "artifacts", "images.json"),
            $$"""{ "version": "1.0.0", "revision": "{{head}}", "images": [] }""");
        var specFile = Path.Combine(repository.Path, "src", "services", "api", "openapi.json");
        var spec = JsonNode.Parse(File.ReadAllText(specFile))!;
        spec["paths"]!.AsObject().Remove("/api/v1/version");
        File.WriteAllText(specFile, spec.ToJsonString());

        var refused = repository.BuildAsCi("CheckApiContract");
        var allowed = repository.BuildAsCi("CheckApiContract", "--allow-breaking-api-changes");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Breaking: GET /api/v1/version: the operation was removed", refused.Text());
        Assert.Contains($"compared with the last pushed release {head[..7]}", refused.Text());
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("Pushing with 1 breaking API change(s) because --allow-breaking-api-changes was given", allowed.Text());
    }
}
