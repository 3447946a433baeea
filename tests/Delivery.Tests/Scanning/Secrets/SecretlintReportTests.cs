using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Secrets;

namespace Delivery.Tests.Scanning.Secrets;

public sealed class SecretlintReportTests
{
    static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    // The shape of secretlint 12's --format json, as if run with --no-maskSecrets: the value is in the file content, the
    // message and the data. It is not a real-looking key (secretlint would flag this file otherwise).
    const string Value = "not-a-real-key-just-a-stand-in-value";

    const string OneSecretOneCleanFile = $$$"""
        [
          {"filePath": "/repo/README.md", "sourceContent": "# readme\n", "sourceContentType": "text", "messages": []},
          {"filePath": "/repo/config/credentials.ini",
           "sourceContent": "[default]\naws_access_key_id = AKIA-stand-in\naws_secret_access_key = {{{Value}}}\n",
           "sourceContentType": "text",
           "messages": [
             {"message": "found AWS Secret Access Key: {{{Value}}}", "range": [51, 91], "type": "message",
              "ruleId": "@secretlint/secretlint-rule-aws", "ruleParentId": "@secretlint/secretlint-rule-preset-recommend",
              "loc": {"start": {"line": 3, "column": 0}, "end": {"line": 3, "column": 40}},
              "severity": "error", "messageId": "AWSSecretAccessKey",
              "docsUrl": "https://github.com/secretlint/secretlint/blob/master/packages/%40secretlint/secretlint-rule-aws/README.md#AWSSecretAccessKey",
              "data": {"KEY": "{{{Value}}}"}}
           ]}
        ]
        """;

    [Fact]
    public void A_match_becomes_a_secret_finding_with_rule_file_and_line()
    {
        var finding = Assert.Single(SecretlintReport.Parse(OneSecretOneCleanFile, Root));

        Assert.Equal("@secretlint/secretlint-rule-aws", finding.Id);
        Assert.Equal(FindingKind.Secret, finding.Kind);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("config/credentials.ini", finding.Location);
        Assert.Equal(3, finding.Line);
        Assert.Equal(SecretlintReport.Scanner, finding.Scanner);
        Assert.StartsWith("AWSSecretAccessKey: a secret-looking value (not shown)", finding.Message);
    }

    [Fact]
    public void The_value_never_reaches_the_finding_even_when_secretlint_does_not_mask_it()
    {
        var finding = Assert.Single(SecretlintReport.Parse(OneSecretOneCleanFile, Root));

        Assert.DoesNotContain(Value, finding.ToString());
    }

    [Fact]
    public void Clean_files_give_no_findings()
    {
        Assert.Empty(SecretlintReport.Parse("""[{"filePath": "/repo/a.txt", "sourceContent": "", "messages": []}]""", Root));
    }

    [Fact]
    public void A_report_that_is_not_a_list_of_files_is_refused()
    {
        Assert.Throws<FormatException>(() => SecretlintReport.Parse("""{"messages": []}""", Root));
    }

    [Theory]
    [InlineData("error", Severity.High)]
    [InlineData("warning", Severity.Medium)]
    [InlineData("info", Severity.Low)]
    public void Secretlint_severities_map_onto_the_shared_scale(string severity, Severity expected) =>
        Assert.Equal(expected, SecretlintReport.ParseSeverity(severity));
}
