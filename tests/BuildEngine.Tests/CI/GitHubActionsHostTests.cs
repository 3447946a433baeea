using BuildEngine.CI.GitHubActions;
using BuildEngine.Logging;

namespace BuildEngine.Tests.CI;

public sealed class GitHubActionsHostTests : IDisposable
{
    readonly string _outputFile = Path.GetTempFileName();

    GitHubActions Host() => GitHubActions.Create(new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = _outputFile })!;

    [Fact]
    public void Is_null_off_github()
    {
        Assert.Null(GitHubActions.Create(new Dictionary<string, string> { ["CI"] = "true" }));
    }

    [Fact]
    public void An_output_is_appended_under_the_parameters_kebab_name_with_a_random_delimiter()
    {
        Host().SetOutput("ImageDigest", "sha256:abc\nsecond line");

        var lines = File.ReadAllLines(_outputFile);
        Assert.StartsWith("image-digest<<ghadelimiter_", lines[0], StringComparison.Ordinal);
        Assert.Equal(["sha256:abc", "second line"], lines[1..3]);
        Assert.Equal(lines[0]["image-digest<<".Length..], lines[3]);
    }

    [Fact]
    public void A_secret_is_never_written_to_an_output()
    {
        SecretMasker.Register("hunter2-secret");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => Host().SetOutput("Token", "x hunter2-secret"));

            Assert.Contains("would carry a secret", error.Message);
            Assert.Equal("", File.ReadAllText(_outputFile));
        }
        finally
        {
            SecretMasker.Reset();
        }
    }

    public void Dispose() => File.Delete(_outputFile);
}
