using System.Net;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace Integration.Tests.Images;

/// <summary>The web image: the built SPA served unprivileged, with the caching the hashed assets allow.</summary>
[Collection(DockerCollection.Name)]
public sealed partial class WebContainerTests(DockerFixture docker)
{
    [Fact]
    public async Task Serves_the_spa_with_cache_rules_and_history_fallback_as_a_hardened_non_root_container()
    {
        var built = await docker.BuildAsync("web");
        var web = await docker.RunAsync(new ContainerSpec("web", built.Id) { PublishPort = 8080 });
        Assert.Equal("healthy", await docker.WaitForHealthAsync(web.Id, TimeSpan.FromSeconds(60)));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.HostPort}") };

        var index = await http.GetAsync("/");
        var html = await index.Content.ReadAsStringAsync();
        var asset = AssetPath().Match(html).Value;
        var script = await http.GetAsync(asset);
        var deepLink = await http.GetAsync("/workspaces/1/schedule");
        var container = await docker.Client.Containers.InspectContainerAsync(web.Id);

        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());
        Assert.Matches(@"^/assets/index-[\w-]+\.js$", asset);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
        Assert.Equal(html, await deepLink.Content.ReadAsStringAsync());
        Assert.Equal("10007:10007", container.Config!.User);
        Assert.DoesNotContain("nginx/", index.Headers.Server.ToString());
    }

    [Fact]
    public async Task The_build_certificate_never_reaches_the_final_image()
    {
        var built = await docker.BuildAsync("web");
        var search = await docker.RunAsync(new ContainerSpec("web-ca-search", built.Id)
        {
            Command = ["bash", "-c", "find / -xdev -name 'build-ca.pem' -print 2>/dev/null; grep -rl 'BEGIN CERTIFICATE' /srv /tmp 2>/dev/null; echo done"],
        });
        await docker.Client.Containers.WaitContainerAsync(search.Id);

        Assert.Equal("done", (await docker.LogsAsync(search.Id)).Trim());
        var history = await docker.Client.Images.GetImageHistoryAsync(built.Id);
        Assert.DoesNotContain(history, layer => (layer.CreatedBy ?? "").Contains("build-ca.pem", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"/assets/index-[\w-]+\.js")]
    private static partial Regex AssetPath();
}
