using BuildEngine.Tests.Support;
using Serilog;

namespace BuildEngine.Tests.Logging;

/// <summary>Warnings and errors are repeated at the end of the build, under "Errors &amp; Warnings:", with the target that wrote them.</summary>
public sealed class RecapTests
{
    static List<string> Recap(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        return lines.SkipWhile(l => l != "Errors & Warnings:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
    }

    [Fact]
    public void WarningsAndErrors_AreRepeatedWithTheirTarget()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<WarningBuild>("Compile");

        Assert.Equal(1, r.ExitCode);
        var recap = Recap(r.Output);
        Assert.Equal(2, recap.Count);
        Assert.StartsWith("[WRN] Restore: ", recap[0], StringComparison.Ordinal);
        Assert.StartsWith("[ERR] Compile: ", recap[1], StringComparison.Ordinal);
    }

    [Fact]
    public void TheRecap_RendersMessagesAsTheConsoleDoes_WithoutQuotingStrings()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<WarningBuild>("Compile");

        // The console shows: "[WRN] disk sda is low" and "[ERR] Target Compile has thrown an exception: compile failed".
        Assert.Contains(r.Output.Split('\n'), l => l.EndsWith("[WRN] disk sda is low", StringComparison.Ordinal));
        Assert.Equal(
            [
                "[WRN] Restore: disk sda is low",
                "[ERR] Compile: Target Compile has thrown an exception: compile failed",
            ],
            Recap(r.Output));
    }

    [Fact]
    public void ASucceedingBuildWithoutWarnings_HasNoRecap()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<GraphG>();

        Assert.DoesNotContain("Errors & Warnings:", r.Output, StringComparison.Ordinal);
    }

    sealed class WarningBuild : NukeBuild
    {
        Target Restore => _ => _.Executes(() => Log.Warning("disk {Disk} is low", "sda"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => throw new InvalidOperationException("compile failed"));
    }
}
