using Delivery.Scanning.Images;

namespace Delivery.Tests.Scanning.Images;

public sealed class SecretDetectorTests
{
    // Built at run time so that this file holds no string a secret scanner would report.
    static readonly string AwsKey = "AKIA" + "Q3EGRSTUVWXYZ234";
    static readonly string GitHubToken = "ghp_" + new string('a', 20) + new string('B', 16);
    static readonly string SlackToken = "xoxb-" + "1234567890-abcdefghij";
    static readonly string PemHeader = "-----BEGIN " + "RSA PRIVATE KEY-----";

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "aws", "aws-access-key-id", "AKIA… 20 characters")]
    [InlineData("GH", "github", "github-token", "ghp_… 40 characters")]
    [InlineData("SLACK_HOOK", "slack", "slack-token", "xoxb-… 26 characters")]
    [InlineData("TLS_KEY", "pem", "private-key", "-----BEGIN RSA PRIVATE KEY-----")]
    public void A_known_token_format_is_found_in_any_variable_and_described_without_its_value(string name, string kind, string rule, string hint)
    {
        var value = kind switch { "aws" => AwsKey, "github" => GitHubToken, "slack" => SlackToken, _ => PemHeader + "\nMIIEow\n" };

        var match = Assert.Single(SecretDetector.InAssignment(name, value));

        Assert.Equal((rule, name, hint), (match.RuleId, match.Name, match.Hint));
        Assert.Equal(Delivery.Scanning.Severity.Critical, match.Severity);
    }

    [Fact]
    public void A_temporary_aws_key_id_and_a_fine_grained_github_token_are_found()
    {
        Assert.Equal("aws-access-key-id", Assert.Single(SecretDetector.InAssignment("K", "ASIA" + "Q3EGRSTUVWXYZ234")).RuleId);
        Assert.Equal("github-token", Assert.Single(SecretDetector.InAssignment("K", "github_pat_" + new string('x', 82))).RuleId);
    }

    [Theory]
    [InlineData("DB_PASSWORD", "hunter2")]
    [InlineData("POSTGRES_PASSWORD", "changeme")]
    [InlineData("JWT_SECRET", "s3cr3t-value")]
    [InlineData("api.token", "abc123")]
    [InlineData("OPENAI_API_KEY", "k-123")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")]
    public void A_literal_under_a_secret_name_is_found_with_its_length_only(string name, string value)
    {
        var match = Assert.Single(SecretDetector.InAssignment(name, value));

        Assert.Equal(("secret-assignment", name, $"a literal of {value.Length} characters"), (match.RuleId, match.Name, match.Hint));
        Assert.DoesNotContain(value, match.Hint + match.Description + match.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres")]
    [InlineData("DB_PASSWORD", "/run/secrets/db")]
    [InlineData("DB_PASSWORD", "")]
    [InlineData("DB_PASSWORD", "${DB_PASSWORD}")]
    [InlineData("DB_PASSWORD", "$(cat /run/secrets/db)")]
    [InlineData("TOKEN_PATH", "./token")]
    [InlineData("TOKEN_EXPIRY_SECONDS", "3600")]
    [InlineData("PGPASSFILE", "/tmp/pgpass")]
    [InlineData("GPG_KEY", "B42F6819007F00F88E364FD4036A9C25BF357DD4")]
    [InlineData("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin")]
    [InlineData("org.opencontainers.image.revision", "79a2175")]
    public void References_to_secrets_and_ordinary_settings_are_not_secrets(string name, string value) =>
        Assert.Empty(SecretDetector.InAssignment(name, value));

    [Fact]
    public void A_build_argument_kept_in_a_history_step_is_found()
    {
        var match = Assert.Single(SecretDetector.InText("|1 NPM_TOKEN=npm-abcdef0123 /bin/sh -c npm ci"));

        Assert.Equal(("secret-assignment", "NPM_TOKEN"), (match.RuleId, match.Name));
    }

    [Fact]
    public void A_token_in_an_env_step_is_reported_once_under_its_variable()
    {
        var matches = SecretDetector.InText($"/bin/sh -c #(nop)  ENV GITHUB_TOKEN={GitHubToken} LOG_LEVEL=info");

        var match = Assert.Single(matches);
        Assert.Equal(("github-token", "GITHUB_TOKEN"), (match.RuleId, match.Name));
    }

    [Fact]
    public void Quoted_values_in_a_history_step_are_unquoted_before_judging()
    {
        Assert.Empty(SecretDetector.InText("ENV DB_PASSWORD=\"\" DB_PASSWORD_FILE=\"/run/secrets/db\""));
        Assert.Equal("a literal of 7 characters", Assert.Single(SecretDetector.InText("ENV DB_PASSWORD='hunter2'")).Hint);
    }

    [Fact]
    public void An_ordinary_history_step_has_no_secrets() =>
        Assert.Empty(SecretDetector.InText("/bin/sh -c apt-get update && apt-get install -y --no-install-recommends nginx && useradd --uid 10003 proxy-user"));
}
