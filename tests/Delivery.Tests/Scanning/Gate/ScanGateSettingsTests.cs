using Delivery.Scanning;
using Delivery.Scanning.Gate;

namespace Delivery.Tests.Scanning.Gate;

public sealed class ScanGateSettingsTests
{
    [Fact]
    public void The_defaults_fail_on_high_and_report_from_low()
    {
        var settings = ScanGateSettings.Parse(null, " ");

        Assert.Equal(Severity.High, settings.FailOn);
        Assert.Equal(Severity.Low, settings.ReportFrom);
        Assert.Equal(new ScanGateSettings(), settings);
        Assert.Equal("fail on high and above with a fix, report low and above", settings.ToString());
    }

    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("HIGH", Severity.High)]
    [InlineData(" Medium ", Severity.Medium)]
    [InlineData("unknown", Severity.Unknown)]
    public void Fail_on_takes_a_severity_in_any_case(string text, Severity expected) =>
        Assert.Equal(expected, ScanGateSettings.ParseFailOn(text));

    [Fact]
    public void Fail_on_none_only_reports() =>
        Assert.Null(ScanGateSettings.Parse("NONE", null).FailOn);

    [Theory]
    [InlineData("hgh")]
    [InlineData("3")]
    [InlineData("high,critical")]
    public void A_fail_on_that_is_not_a_severity_is_refused_listing_the_valid_values(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ScanGateSettings.ParseFailOn(text));

        Assert.Equal($"--scan-fail-on '{text}' is not a severity. Valid values: none (report only), unknown, low, medium, high, critical (case does not matter).", error.Message);
    }

    [Theory]
    [InlineData("medium", Severity.Medium)]
    [InlineData("HIGH,CRITICAL", Severity.High)]
    [InlineData("critical, high, medium", Severity.Medium)]
    [InlineData("UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL", Severity.Unknown)]
    public void The_report_threshold_takes_a_severity_or_trivys_list_of_every_severity_from_one_up(string text, Severity expected) =>
        Assert.Equal(expected, ScanGateSettings.ParseReportFrom(text));

    [Fact]
    public void A_report_list_with_a_hole_is_refused_naming_what_it_leaves_out()
    {
        var error = Assert.Throws<ArgumentException>(() => ScanGateSettings.ParseReportFrom("LOW,CRITICAL"));

        Assert.Equal("--scan-severity 'LOW,CRITICAL' leaves out MEDIUM,HIGH; the gate reports every severity from one up. Write low instead.", error.Message);
    }

    [Theory]
    [InlineData("HIGH,CRTICAL", "CRTICAL")]
    [InlineData(",", ",")]
    [InlineData("all", "all")]
    public void A_report_threshold_that_is_not_a_severity_is_refused_listing_the_valid_values(string text, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => ScanGateSettings.Parse("high", text));

        Assert.Equal(
            $"--scan-severity '{named}' is not a severity. Valid values: unknown, low, medium, high, critical (the lowest to report), " +
            "or a list of every severity from one up, such as HIGH,CRITICAL.",
            error.Message);
    }
}
