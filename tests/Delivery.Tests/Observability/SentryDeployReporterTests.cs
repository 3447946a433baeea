using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Delivery.Observability;
using Delivery.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Delivery.Tests.Observability;

public sealed class SentryDeployReporterTests
{
    const string Token = "sntrys_0123456789abcdefTOKEN";

    sealed class CapturedLog : ILogEventSink
    {
        readonly List<(LogEventLevel Level, string Text)> _events = [];
        public IReadOnlyList<(LogEventLevel Level, string Text)> Events { get { lock (_events) return [.. _events]; } }
        public ILogger Logger => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
        public void Emit(LogEvent logEvent) { lock (_events) _events.Add((logEvent.Level, logEvent.RenderMessage())); }
    }

    static SentryDeployReporter Reporter(int port, CapturedLog log) =>
        SentryDeployReporter.From($"http://127.0.0.1:{port}", "pazpaz", "api", Token, log.Logger);

    /// <summary>The body's properties as name=value text, in order (arrays joined with commas).</summary>
    static string[] Fields(ReceivedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.EnumerateObject()
            .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.Array ? string.Join(",", p.Value.EnumerateArray().Select(e => e.GetString())) : p.Value.GetString())}")
            .ToArray();

    [Fact]
    public async Task Creates_the_release_then_marks_it_deployed_to_the_environment()
    {
        await using var sentry = new HttpReceiver(statusCode: 201);
        var log = new CapturedLog();

        var report = await Reporter(sentry.Port, log).ReportAsync("1.4.0+build.7", "staging");

        Assert.Equal(SentryReport.Reported, report);
        Assert.Equal(2, sentry.Requests.Count);
        var (release, deploy) = (sentry.Requests[0], sentry.Requests[1]);
        Assert.Equal(("POST", "/api/0/organizations/pazpaz/releases/"), (release.Method, release.Target));
        Assert.Equal("Bearer " + Token, release.Headers["Authorization"]);
        Assert.StartsWith("application/json", release.Headers["Content-Type"]);
        Assert.Equal(["version=1.4.0+build.7", "projects=api"], Fields(release));
        // The version is one path segment: '+' (and any '/') escaped.
        Assert.Equal(("POST", "/api/0/organizations/pazpaz/releases/1.4.0%2Bbuild.7/deploys/"), (deploy.Method, deploy.Target));
        Assert.Equal("Bearer " + Token, deploy.Headers["Authorization"]);
        Assert.Equal(["environment=staging", "projects=api"], Fields(deploy));
        var line = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal("Sentry: release \"1.4.0+build.7\" deployed to \"staging\" (\"Sentry 127.0.0.1 pazpaz/api\")", line.Text);
    }

    [Fact]
    public async Task A_server_error_is_a_warning_not_a_failure_and_the_token_stays_out_of_it()
    {
        await using var sentry = new HttpReceiver(statusCode: 500);
        var log = new CapturedLog();

        var report = await Reporter(sentry.Port, log).ReportAsync("1.4.0", "prod");

        Assert.Equal(SentryReport.Failed, report);
        Assert.Single(sentry.Requests); // no deploy for a release that was not created
        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Contains("POST /api/0/organizations/pazpaz/releases/ on 127.0.0.1 answered 500", warning.Text, StringComparison.Ordinal);
        Assert.Contains("The deploy stands", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_names_the_scope_it_needs()
    {
        await using var sentry = new HttpReceiver(statusCode: 403);
        var log = new CapturedLog();

        Assert.Equal(SentryReport.Failed, await Reporter(sentry.Port, log).ReportAsync("1.4.0", "prod"));

        Assert.Contains("lacks the project:releases scope", Assert.Single(log.Events).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_warning_without_the_token()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: connection refused
        var log = new CapturedLog();

        var report = await Reporter(port, log).ReportAsync("1.4.0", "prod");

        Assert.Equal(SentryReport.Failed, report);
        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Contains($"on 127.0.0.1 failed", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_configured_is_one_clear_line_and_no_request()
    {
        await using var sentry = new HttpReceiver();
        var log = new CapturedLog();

        var report = await SentryDeployReporter.From($"http://127.0.0.1:{sentry.Port}", null, null, null, log.Logger).ReportAsync("1.4.0", "staging");

        Assert.Equal(SentryReport.NotConfigured, report);
        Assert.Empty(sentry.Requests);
        var line = Assert.Single(log.Events);
        Assert.Equal((LogEventLevel.Information, SentryDeployReporter.NotConfiguredLine), line);
        Assert.StartsWith("Sentry: not configured (set ", line.Text, StringComparison.Ordinal);
        Assert.EndsWith("), skipped", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_half_configuration_is_a_warning_naming_what_is_missing_and_no_request()
    {
        await using var sentry = new HttpReceiver();
        var log = new CapturedLog();

        var report = await SentryDeployReporter.From($"http://127.0.0.1:{sentry.Port}", "pazpaz", null, Token, log.Logger).ReportAsync("1.4.0", "prod");

        Assert.Equal(SentryReport.Failed, report);
        Assert.Empty(sentry.Requests);
        var warning = Assert.Single(log.Events);
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Contains("--sentry-project not set", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_default_to_sentry_io_refuse_a_bad_url_and_never_print_the_token()
    {
        var (settings, problem) = SentrySettings.From(null, "pazpaz", "api", Token);
        Assert.Null(problem);
        Assert.Equal(new Uri("https://sentry.io"), settings!.Url);
        Assert.DoesNotContain(Token, settings.ToString(), StringComparison.Ordinal);

        var (none, bad) = SentrySettings.From("sentry.example.org", "pazpaz", "api", Token);
        Assert.Null(none);
        Assert.Equal("--sentry-url 'sentry.example.org' is not an absolute http(s) URL such as https://sentry.io/", bad);
    }
}
