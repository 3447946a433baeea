using System.Text.RegularExpressions;

namespace Delivery.Scanning.Images;

/// <summary>
/// Recognises secrets in image metadata: known token formats anywhere in a text, and assignments
/// (<c>NAME=value</c>) whose name says secret and whose value is a literal rather than a reference to one.
/// </summary>
public static partial class SecretDetector
{
    sealed record TokenRule(string Id, string Description, Regex Pattern, Func<string, string> Hint, Severity Severity);

    // Known formats: AWS key ids (AKIA long-term, ASIA temporary), PEM/OpenSSH/PGP private keys, GitHub tokens (classic
    // ghp_/gho_/ghu_/ghs_/ghr_ and fine-grained github_pat_), Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-). A hint
    // shows only what every such token shares (its type prefix, the PEM header) and its length.
    static readonly TokenRule[] Tokens =
    [
        new("aws-access-key-id", "AWS access key id", AwsAccessKeyId(), t => PrefixHint(t, 4), Severity.Critical),
        new("private-key", "private key", PrivateKey(), header => header, Severity.Critical),
        new("github-token", "GitHub token", GitHubToken(), t => PrefixHint(t, t.IndexOf('_', StringComparison.Ordinal) + 1), Severity.Critical),
        new("slack-token", "Slack token", SlackToken(), t => PrefixHint(t, 5), Severity.Critical),
    ];

    /// <summary>Secrets in free text (a history step's command line): known tokens, and every <c>NAME=value</c> in it.</summary>
    public static IReadOnlyList<SecretMatch> InText(string text)
    {
        var tokens = Tokens.SelectMany(rule => rule.Pattern.Matches(text).Select(m => (Match: m, Rule: rule))).ToList();
        var assignments = Assignment().Matches(text).ToList();
        var found = tokens.Select(t => ToMatch(t.Rule, t.Match, assignments.FirstOrDefault(a => Contains(a.Groups["value"], t.Match))?.Groups["name"].Value));
        // An assignment whose value is a known token is reported once, as that token.
        var named = assignments.Where(a => !tokens.Any(t => Contains(a.Groups["value"], t.Match)))
            .Select(a => Named(a.Groups["name"].Value, Unquote(a.Groups["value"].Value)))
            .OfType<SecretMatch>();
        return found.Concat(named).Distinct().ToList();
    }

    /// <summary>Secrets in one variable or label: a known token in its value, or a literal value under a secret's name.</summary>
    public static IReadOnlyList<SecretMatch> InAssignment(string name, string value)
    {
        var tokens = Tokens.SelectMany(rule => rule.Pattern.Matches(value).Select(m => ToMatch(rule, m, name))).Distinct().ToList();
        return tokens.Count > 0 ? tokens : Named(name, value) is { } named ? [named] : [];
    }

    static SecretMatch ToMatch(TokenRule rule, Match match, string? name) => new(rule.Id, rule.Description, name, rule.Hint(match.Value), rule.Severity);

    /// <summary>
    /// A literal under a name whose last part says secret (DB_PASSWORD, API_TOKEN, client.secret). A name that points to
    /// where a secret is kept (POSTGRES_PASSWORD_FILE) ends otherwise and so never matches.
    /// </summary>
    static SecretMatch? Named(string name, string value) =>
        SecretName().IsMatch(name) && IsLiteral(value)
            ? new SecretMatch("secret-assignment", "secret-named literal", name, $"a literal of {value.Length} characters", Severity.High)
            : null;

    /// <summary>A value written out in the image: not empty, not a path to a secret file, not a reference expanded later.</summary>
    static bool IsLiteral(string value) =>
        value.Length > 0 && value[0] is not ('/' or '$' or '~') && !value.StartsWith("./", StringComparison.Ordinal);

    static bool Contains(Group value, Match token) => value.Index <= token.Index && token.Index < value.Index + value.Length;

    static string PrefixHint(string token, int publicPrefix) => $"{token[..publicPrefix]}… {token.Length} characters";

    static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    // NAME=value with an optionally quoted value; in history lines this also finds build arguments (RUN |1 TOKEN=x ...).
    [GeneratedRegex(@"(?<![\w.-])(?<name>[A-Za-z_][\w.-]*)=(?<value>""[^""]*""|'[^']*'|[^\s""']+)")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"(?:^|[_.-])(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
