using System.Security.Cryptography;
using BuildEngine.Logging;
using BuildEngine.Parameters;

namespace BuildEngine.CI.GitHubActions;

/// <summary>The GitHub Actions host, when the build runs there: job outputs for the jobs that need this one.</summary>
public sealed class GitHubActions
{
    readonly IReadOnlyDictionary<string, string> _environment;

    GitHubActions(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>Null unless the build runs on GitHub Actions.</summary>
    public static GitHubActions? Instance => Create(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? ""));

    public static GitHubActions? Create(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("GITHUB_ACTIONS") == "true" ? new GitHubActions(environment) : null;

    /// <summary>
    /// Hands a value to the jobs that need this one. <paramref name="name"/> is the parameter that receives it there
    /// (<c>nameof(ImageDigest)</c>, or its kebab form <c>image-digest</c>).
    /// </summary>
    public void SetOutput(string name, string value)
    {
        if (SecretMasker.Redact(value) != value)
            throw new InvalidOperationException($"Output '{name}' would carry a secret; job outputs are visible in the run. Pass secrets through secrets.* instead.");
        var file = _environment.GetValueOrDefault("GITHUB_OUTPUT")
                   ?? throw new InvalidOperationException("GITHUB_OUTPUT is not set; job outputs can only be written inside a GitHub Actions step.");
        // The heredoc form keeps a value with newlines (or '=') intact; the delimiter is random so a value cannot end it early.
        var delimiter = "ghadelimiter_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.AppendAllText(file, $"{ParameterNames.ToKebab(name)}<<{delimiter}\n{value}\n{delimiter}\n");
    }
}
