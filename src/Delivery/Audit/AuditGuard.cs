using System.Text.RegularExpressions;

namespace Delivery.Audit;

/// <summary>A record refused before it reaches the ledger. The message names the field and the rule, never the value.</summary>
public sealed class AuditRecordRejectedException(string message) : ArgumentException(message);

/// <summary>
/// Last line of defence against a secret or free text landing in the ledger (the types carry no secret fields; this
/// catches a value passed where it should not be). Deliberately simple, so it is predictable:
/// <list type="bullet">
/// <item>every string has a length bound (<see cref="MaxLength"/>, <see cref="MaxFailureReasonLength"/>): long free
///   text is where a request body, a SQL row or a dump — possible patient data — would hide;</item>
/// <item>no <c>=</c> followed by a 24+ character base64/hex-like token (<c>key=c2VjcmV0…</c>), no <c>Bearer</c>/<c>Basic</c> credential;</item>
/// <item>no <c>password=</c>, <c>token:</c>, <c>secret=</c>, <c>api_key=</c>… assignment of a value, whatever its length
///   (a redacted <c>***</c> or an UPPER_CASE variable name after it is allowed);</item>
/// <item>no URL with user information (<c>https://user:pass@host</c>) and no PEM block;</item>
/// <item><see cref="AuditEvent.Environment"/> is a short lowercase name, since it becomes a directory.</item>
/// </list>
/// Digests (<c>sha256:&lt;hex&gt;</c>) and hashes are allowed in the fields meant for them.
/// </summary>
public static partial class AuditGuard
{
    public const int MaxLength = 256;
    public const int MaxFailureReasonLength = 1000;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"=\s*[A-Za-z0-9+/_\-.]{24,}={0,2}")]
    private static partial Regex AssignedToken();

    // The value may be the redaction (***) or a variable NAME (REGISTRY_PASSWORD): "missing secrets: DEPLOY_WEBHOOK_URL" is fine.
    [GeneratedRegex(@"(?i:pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential)s?\s*[=:]\s*(?!\*\*\*)(?![A-Z][A-Z0-9_]*(\W|$))\S")]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"(Bearer|Basic)\s+[A-Za-z0-9+/_\-.=]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationValue();

    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^/\s:@]*:[^/\s@]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlWithPassword();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    public static void EnsureSafe(AuditEvent record)
    {
        if (!EnvironmentName().IsMatch(record.Environment ?? ""))
            throw new AuditRecordRejectedException("Audit record field 'environment' must be a lowercase name ([a-z0-9-], at most 32 characters), e.g. prod.");
        if (!Audit.DeployId.IsValid(record.DeployId))
            throw new AuditRecordRejectedException("Audit record field 'deployId' must be a 26-character id from DeployId.New().");
        foreach (var (field, value, hashField) in Strings(record))
        {
            if (value is null || (hashField && Sha256().IsMatch(value)))
                continue;
            var bound = field == "failureReason" ? MaxFailureReasonLength : MaxLength;
            if (value.Length > bound)
                throw Rejected(field, $"is {value.Length} characters long, over the bound of {bound} (long free text could carry patient data)");
            if (SecretAssignment().IsMatch(value))
                throw Rejected(field, "contains a password/secret/token/api-key assignment");
            if (AssignedToken().IsMatch(value) || AuthorizationValue().IsMatch(value))
                throw Rejected(field, "contains a long token after '=' or an Authorization value (looks like a credential)");
            if (UrlWithPassword().IsMatch(value))
                throw Rejected(field, "contains a URL with a user and password");
            if (value.Contains("-----BEGIN", StringComparison.Ordinal))
                throw Rejected(field, "contains a PEM block");
        }
    }

    static AuditRecordRejectedException Rejected(string field, string why) =>
        new($"Audit record field '{field}' {why}; the value is not shown. Pass names, digests and short reasons only (docs/operations/audit.md).");

    static IEnumerable<(string Field, string? Value, bool HashField)> Strings(AuditEvent r)
    {
        yield return ("actor", r.Actor, false);
        foreach (var host in r.Hosts ?? [])
            yield return ("hosts", host, false);
        yield return ("gitSha", r.GitSha, false);
        yield return ("imageRepo", r.ImageRepo, false);
        yield return ("digest", r.Digest, true);
        yield return ("previousDigest", r.PreviousDigest, true);
        yield return ("colour", r.Colour, false);
        yield return ("phase", r.Phase, false);
        foreach (var phase in r.PhaseTimingsMs?.Keys ?? [])
            yield return ("phaseTimingsMs", phase, false);
        yield return ("migrationBefore", r.MigrationBefore, false);
        yield return ("migrationAfter", r.MigrationAfter, false);
        yield return ("result", r.Result, false);
        yield return ("failureReason", r.FailureReason, false);
        yield return ("engineVersion", r.EngineVersion, false);
        yield return ("secretNamesHash", r.SecretNamesHash, true);
    }
}
