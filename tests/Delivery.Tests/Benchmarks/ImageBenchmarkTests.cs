using BuildEngine.IO;
using Delivery.Benchmarks;
using Delivery.Images;

namespace Delivery.Tests.Benchmarks;

public sealed class ImageBenchmarkTests
{
    static BuiltImage Image(string name, double megabytes, double seconds) =>
        new(new ImageDefinition(name, AbsolutePath.Create("/repo/" + name)), "sha256:x", (long)(megabytes * 1e6), [], TimeSpan.FromSeconds(seconds));

    [Fact]
    public void The_report_compares_sizes_and_the_rebuild_with_their_goals()
    {
        var result = new ImageBenchmarkResult([Image("api", 149.3, 28.8), Image("proxy", 88.7, 5.6), Image("registry", 102.5, 5.4)],
            TimeSpan.FromSeconds(39.8), TimeSpan.FromSeconds(4.5));

        var lines = result.Render().Split(Environment.NewLine);

        Assert.Matches(@"^api\s+149\.3 MB\s+>140\s+28\.8 s$", lines[1]);
        Assert.Matches(@"^proxy\s+88\.7 MB\s+<=95\s+5\.6 s$", lines[2]);
        Assert.Matches(@"^registry\s+102\.5 MB\s+-\s+5\.4 s$", lines[3]);
        Assert.Equal("Rebuild of api after a one-line change: 4.5 s (goal <= 10 s: met)", lines[^1]);
    }
}
