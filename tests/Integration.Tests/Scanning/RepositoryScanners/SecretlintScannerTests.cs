using System.Diagnostics;
using System.Security.Cryptography;
using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Secrets;
using Integration.Tests.Bootstrap;
using Xunit.Abstractions;

namespace Integration.Tests.Scanning.RepositoryScanners;

/// <summary>The real secretlint over git's tracked files: the repository itself, and a copy of it with a committed fake AWS key.</summary>
public sealed class SecretlintScannerTests(ITestOutputHelper output)
{
    static readonly AbsolutePath Root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
    static readonly SecretlintScanner Scanner = new(new SecretlintSettings(Root / ".nuke" / "temp" / "tools" / "secretlint"));

    /// <summary>
    /// An access key id and secret in AWS's format, random on every run: nothing secret-looking is committed here, and
    /// secretlint does not skip it as it skips AWS's documentation example.
    /// </summary>
    static (string KeyId, string Secret) FakeAwsKey()
    {
        const string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const string alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        const string base64 = alphanumeric + "+/";
        // secretlint's pattern ends the secret with \b: a secret ending in '+' or '/' before a newline is not matched
        // (1 run in 32 failed that way), so the last character is a letter or digit.
        return ("AKIA" + RandomNumberGenerator.GetString(upper, 16), RandomNumberGenerator.GetString(base64, 39) + RandomNumberGenerator.GetString(alphanumeric, 1));
    }

    static ScanTarget Target(string root) => new(AbsolutePath.Create(root), [], AbsolutePath.Create(root) / "artifacts");

    [Fact]
    public async Task The_repositorys_tracked_files_hold_no_secret()
    {
        var clock = Stopwatch.StartNew();

        var result = await Scanner.ScanAsync(Target(Root), output.WriteLine);

        output.WriteLine($"secretlint over the repository: {result.Status} in {clock.Elapsed.TotalSeconds:0.0} s, {result.Findings.Count} findings: {result.Detail}");
        Assert.True(result.Status == ScannerStatus.Ran, result.Detail);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task A_committed_fake_AWS_key_in_a_copy_of_the_repository_is_found_and_an_untracked_one_is_not()
    {
        using var copy = new RepositoryCopy();
        var clean = await Scanner.ScanAsync(Target(copy.Path), output.WriteLine);
        Assert.True(clean.Status == ScannerStatus.Ran && clean.Findings.Count == 0, $"{clean.Status}: {clean.Detail} {string.Join("; ", clean.Findings)}");

        var (keyId, secret) = FakeAwsKey();
        var credentials = $"[default]\naws_access_key_id = {keyId}\naws_secret_access_key = {secret}\n";
        var committed = AbsolutePath.Create(copy.Path) / "deploy" / "credentials";
        committed.WriteAllText(credentials);
        (AbsolutePath.Create(copy.Path) / "scratch" / "credentials").WriteAllText(credentials);
        copy.Git("add", "deploy/credentials");
        copy.Git("commit", "-q", "-m", "add credentials");

        var result = await Scanner.ScanAsync(Target(copy.Path), output.WriteLine);

        Assert.True(result.Status == ScannerStatus.Ran, result.Detail);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("@secretlint/secretlint-rule-aws", FindingKind.Secret, "deploy/credentials", 3), (finding.Id, finding.Kind, finding.Location, finding.Line));
        Assert.DoesNotContain(secret, finding.ToString());
        Assert.DoesNotContain(keyId, finding.ToString());
        output.WriteLine(finding.ToString());
    }

    [Fact]
    public async Task A_minimal_repository_without_a_config_is_scanned_with_the_recommended_preset()
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-secrets-").FullName);
        try
        {
            var (_, secret) = FakeAwsKey();
            (root / "settings.env").WriteAllText($"AWS_SECRET_ACCESS_KEY={secret}\n");
            (root / "README.md").WriteAllText("# nothing here\n");
            RepositoryCopy.Run(root, "git", ["init", "-q"]);
            RepositoryCopy.Run(root, "git", ["add", "-A"]);

            var result = await Scanner.ScanAsync(Target(root), output.WriteLine);

            var finding = Assert.Single(result.Findings);
            Assert.Equal(("@secretlint/secretlint-rule-aws", "settings.env", 1), (finding.Id, finding.Location, finding.Line));
        }
        finally
        {
            root.DeleteDirectory();
        }
    }

    [Fact]
    public async Task A_config_naming_a_rule_secretlint_does_not_have_fails_the_scanner()
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-secrets-").FullName);
        try
        {
            (root / SecretlintSettings.ConfigFile).WriteAllText("""{"rules": [{"id": "@secretlint/secretlint-rule-no-such-rule"}]}""");
            RepositoryCopy.Run(root, "git", ["init", "-q"]);
            RepositoryCopy.Run(root, "git", ["add", "-A"]);

            var result = await Scanner.ScanAsync(Target(root), output.WriteLine);

            Assert.Equal(ScannerStatus.Failed, result.Status);
            Assert.Contains("@secretlint/secretlint-rule-no-such-rule", result.Detail);
        }
        finally
        {
            root.DeleteDirectory();
        }
    }

    [Fact]
    public async Task A_folder_that_is_not_a_git_work_tree_is_not_available()
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-secrets-").FullName);
        try
        {
            var result = await Scanner.ScanAsync(Target(root), output.WriteLine);

            Assert.Equal(ScannerStatus.NotAvailable, result.Status);
            Assert.Contains("not a git work tree", result.Detail);
        }
        finally
        {
            root.DeleteDirectory();
        }
    }
}
