using System.Text.Json;
using BuildEngine.Tests.Support;
using Serilog;

namespace BuildEngine.Tests.Logging;

/// <summary><c>--log-format json</c> (or PAZPAZ_LOG_FORMAT=json on CI): one JSON object a console line, secrets still masked.</summary>
public sealed class JsonLogFormatTests
{
    // A quote and a backslash: JSON escapes both, so masking after encoding would miss this value.
    const string Secret = "pa\"ss\\w0rd-Hunter2";

    static IReadOnlyList<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void EveryConsoleLine_IsAJsonObject_WithTimeLevelMessageAndTarget()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<JsonBuild>("Work", "--log-format", "json");

        Assert.Equal(0, r.ExitCode);
        var lines = JsonLines(r.Output);
        Assert.All(lines, l => Assert.True(DateTimeOffset.TryParse(l.GetProperty("time").GetString(), out _)));
        Assert.All(lines, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("level").GetString())));
        var work = Assert.Single(lines, l => l.GetProperty("message").GetString() == "working on Compile with 3 items");
        Assert.Equal("information", work.GetProperty("level").GetString());
        Assert.Equal("Work", work.GetProperty("target").GetString());
        var warning = Assert.Single(lines, l => l.GetProperty("message").GetString() == "disk almost full");
        Assert.Equal("warning", warning.GetProperty("level").GetString());
        // The closing line and the summary table are records too (multi-line text in one message).
        Assert.Contains(lines, l => l.GetProperty("message").GetString()!.StartsWith("Build succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecret_IsMaskedInMessagesAndExceptions_EvenWhereJsonWouldEscapeIt()
    {
        using var runner = new BuildRunner();
        runner.Environment["API_TOKEN"] = Secret;

        var r = runner.Run<JsonBuild>("Leak", "--log-format", "json");

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("Hunter2", r.Output, StringComparison.Ordinal);
        var lines = JsonLines(r.Output);
        Assert.Contains(lines, l => l.GetProperty("message").GetString() == "token is ***");
        Assert.Contains(lines, l => l.TryGetProperty("exception", out var e) && e.GetString()!.Contains("login with *** refused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("message").GetString() == "Target Leak has thrown an exception: login with *** refused");
    }

    [Fact]
    public void TheEnvironmentVariable_SelectsJson_AndTheOptionOverridesIt()
    {
        using var runner = new BuildRunner();
        runner.Environment["PAZPAZ_LOG_FORMAT"] = "json";

        var json = runner.Run<JsonBuild>("Work");
        var text = runner.Run<JsonBuild>("Work", "--log-format", "text");

        Assert.Equal(0, json.ExitCode);
        Assert.NotEmpty(JsonLines(json.Output));
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("[INF] working on Compile with 3 items", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"time\"", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkflowCommands_StayVerbatim_ForTheGitHubRunner()
    {
        using var runner = new BuildRunner();
        runner.Environment["GITHUB_ACTIONS"] = "true";

        var r = runner.Run<JsonBuild>("Work", "--log-format", "json");

        Assert.Equal(0, r.ExitCode);
        var lines = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("::group::Work", lines);
        Assert.Contains("::endgroup::", lines);
        Assert.All(lines.Where(l => !l.StartsWith("::", StringComparison.Ordinal)), l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public void AnUnknownFormat_IsAUsageError_NamingTheChoices()
    {
        using var runner = new BuildRunner();
        runner.Environment["PAZPAZ_LOG_FORMAT"] = "yaml";

        var r = runner.Run<JsonBuild>("Work");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("PAZPAZ_LOG_FORMAT 'yaml' is not a log format: use text or json.", r.Output, StringComparison.Ordinal);
    }

    sealed class JsonBuild : NukeBuild
    {
        [Parameter] [Secret] readonly string? ApiToken;

        Target Work => _ => _.Executes(() =>
        {
            Log.Information("working on {Name} with {Count} items", "Compile", 3);
            Log.Warning("disk almost full");
        });

        Target Leak => _ => _.Executes(() =>
        {
            Log.Information("token is {T}", ApiToken);
            Log.Warning(new InvalidOperationException($"login with {ApiToken} refused"), "login failed, retrying");
            throw new InvalidOperationException($"login with {ApiToken} refused");
        });
    }
}
