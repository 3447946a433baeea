using Delivery.Scanning.Policy;

namespace Delivery.Tests.Scanning.Policy;

/// <summary>The merged view against what <c>docker compose -f compose.yaml -f compose.dev.yaml config</c> (2.26) printed for the same files.</summary>
public sealed class ComposeViewTests
{
    const string Base = """
        x-h: &h
          cap_drop: [ALL]
          security_opt: ["no-new-privileges:true"]
          read_only: true
        services:
          app:
            <<: *h
            image: busybox:1
            read_only: false
            ports: ["127.0.0.1:5432:5432"]
            healthcheck: { test: ["CMD", "a"], interval: 5s }
          db:
            image: postgres:17
        """;

    const string Overlay = """
        services:
          app:
            cap_drop: !reset []
            security_opt: ["seccomp:unconfined"]
            ports: ["6379:6379"]
            healthcheck: { test: ["CMD", "b"] }
          extra:
            image: busybox:1
        """;

    static IReadOnlyList<string> Values(ComposeNode? node) => node switch
    {
        ComposeSequence sequence => sequence.Items.OfType<ComposeScalar>().Select(s => s.Value).ToList(),
        ComposeScalar scalar => [scalar.Value],
        _ => [],
    };

    [Fact]
    public void The_merged_service_is_what_compose_config_shows()
    {
        var view = Assert.Single(ComposeView.Of([ComposeFile.Parse("compose.yaml", Base), ComposeFile.Parse("compose.dev.yaml", Overlay)]));
        var app = view.Services.Single(s => s.Name == "app").Settings;

        Assert.Equal("dev", view.Name);
        Assert.Equal(["app", "db", "extra"], view.Services.Select(s => s.Name));
        Assert.Null(app["cap_drop"]);
        Assert.Equal("false", Values(app["read_only"]).Single());
        Assert.Equal(["no-new-privileges:true", "seccomp:unconfined"], Values(app["security_opt"]));
        Assert.Equal(["127.0.0.1:5432:5432", "6379:6379"], Values(app["ports"]));
        var healthcheck = Assert.IsType<ComposeMapping>(app["healthcheck"]);
        Assert.Equal(["CMD", "b"], Values(healthcheck["test"]));
        Assert.Equal("5s", Values(healthcheck["interval"]).Single());
        Assert.Equal(("compose.dev.yaml", 4), (app["security_opt"] is ComposeSequence s ? (s.Items[1].File, s.Items[1].Line) : default));
    }

    [Fact]
    public void Without_an_overlay_the_base_is_the_one_view_and_without_a_base_each_file_is_its_own()
    {
        Assert.Equal(["compose.yaml"], ComposeView.Of([ComposeFile.Parse("compose.yaml", Base)]).Select(v => v.Name));
        Assert.Equal(["compose.dev.yaml"], ComposeView.Of([ComposeFile.Parse("compose.dev.yaml", Overlay)]).Select(v => v.Name));
    }
}
