using System.Text.RegularExpressions;

namespace Delivery.Scanning.Policy;

/// <summary>
/// Checks one Dockerfile against <see cref="DockerfileRules"/>. USER and HEALTHCHECK are judged on the final stage,
/// inheriting from the earlier stage it starts from (<c>FROM runtime</c>); FROM, ADD and secrets on every stage.
/// </summary>
public static partial class DockerfilePolicy
{
    /// <summary>The label by which a one-shot image documents why it has no HEALTHCHECK: <c>none: &lt;reason&gt;</c>.</summary>
    public const string HealthcheckLabel = "org.pazpaz.healthcheck";

    static readonly string[] SecretEndings = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "TOKENS", "CREDENTIAL", "CREDENTIALS", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "SECRETKEY"];
    static readonly string[] SecretParts = ["KEY", "KEYS", "PASS"];
    static readonly string[] LocationSuffixes = ["FILE", "PATH", "DIR"];
    static readonly string[] ArchiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"];

    public static PolicyReport Check(string location, string text)
    {
        Dockerfile file;
        try
        {
            file = DockerfileParser.Parse(text);
        }
        catch (DockerfileSyntaxException e)
        {
            return new([DockerfileRules.Unreadable.At(location, e.Line, $"cannot be parsed ({e.Message}); fix the syntax so the image and its policy can be checked")], []);
        }
        if (file.FinalStage is not { } final)
            return new([DockerfileRules.Unreadable.At(location, 1, "has no FROM instruction; a Dockerfile starts with FROM (after optional ARGs)")], []);

        var violations = new List<PolicyViolation>();
        var waived = new List<WaivedViolation>();
        var globals = DockerfileVariables.DeclaredBy(file.GlobalArgs);
        foreach (var stage in file.Stages)
            CheckBase(stage, globals, location, violations);
        foreach (var instruction in file.Instructions)
        {
            if (instruction.Keyword == "ADD")
                CheckAdd(instruction, location, violations);
            else if (instruction.Keyword is "ENV" or "ARG")
                CheckSecrets(instruction, location, violations);
        }
        CheckUser(final, globals, location, violations);
        CheckHealthcheck(final, location, violations, waived);
        return new(violations.OrderBy(v => v.Line).ToList(), waived);
    }

    static void CheckBase(DockerfileStage stage, IReadOnlyDictionary<string, string?> globals, string location, List<PolicyViolation> violations)
    {
        if (stage.Parent is not null || stage.Base.Equals("scratch", StringComparison.OrdinalIgnoreCase))
            return;
        var line = stage.From.Line;
        if (DockerfileVariables.Expand(stage.Base, globals) is not { } image)
        {
            violations.Add(DockerfileRules.PinnedBase.At(location, line, $"FROM '{stage.Base}' uses a build argument without a default, so the base cannot be checked; give the ARG before FROM a pinned default (for example debian:trixie-slim)"));
            return;
        }
        if (image.Contains('@', StringComparison.Ordinal))
            return;
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            violations.Add(DockerfileRules.PinnedBase.At(location, line, $"FROM '{image}' has no tag, which means :latest and changes under the build; name a release tag (for example debian:trixie-slim) or a digest"));
        else if (name[(colon + 1)..].Equals("latest", StringComparison.OrdinalIgnoreCase))
            violations.Add(DockerfileRules.PinnedBase.At(location, line, $"FROM '{image}' uses :latest, which changes under the build; name a release tag (for example debian:trixie-slim) or a digest"));
    }

    static void CheckAdd(DockerfileInstruction add, string location, List<PolicyViolation> violations)
    {
        var operands = DockerfileArguments.Operands(add.Arguments);
        var sources = operands.Take(Math.Max(1, operands.Count - 1)).ToList();
        if (sources.FirstOrDefault(s => Url().IsMatch(s)) is { } url)
            violations.Add(DockerfileRules.CopyNotAdd.At(location, add.Line, $"ADD fetches '{url}' at build time without verifying it; download it in a RUN step that checks a pinned sha256, or vendor the file and COPY it"));
        else if (sources.FirstOrDefault(s => !ArchiveSuffixes.Any(a => s.EndsWith(a, StringComparison.OrdinalIgnoreCase))) is { } plain)
            violations.Add(DockerfileRules.CopyNotAdd.At(location, add.Line, $"ADD '{plain}' only copies; use COPY, which cannot also unpack archives or fetch URLs by surprise (keep ADD for unpacking a local .tar)"));
    }

    static void CheckSecrets(DockerfileInstruction instruction, string location, List<PolicyViolation> violations)
    {
        foreach (var (name, value) in DockerfileArguments.Pairs(instruction.Arguments, legacyForm: instruction.Keyword == "ENV"))
        {
            if (!string.IsNullOrEmpty(value) && LooksLikeSecret(name))
                violations.Add(DockerfileRules.NoSecrets.At(location, instruction.Line, $"{instruction.Keyword} {name} writes a secret-like value into the Dockerfile and the image's history; pass it at run time as a file secret (/run/secrets/...), or to one build step with RUN --mount=type=secret"));
        }
    }

    /// <summary>
    /// A name part (split at <c>_ - .</c>) that ends in a secret word (<c>DBPASSWORD</c>) or is KEY or PASS (not MONKEY),
    /// unless the name is a location (<c>*_FILE</c>, <c>*_PATH</c>, <c>*_DIR</c>).
    /// </summary>
    internal static bool LooksLikeSecret(string name)
    {
        var parts = name.ToUpperInvariant().Split('_', '-', '.');
        if (LocationSuffixes.Contains(parts[^1]))
            return false;
        return parts.Any(p => SecretParts.Contains(p) || SecretEndings.Any(w => p.EndsWith(w, StringComparison.Ordinal)));
    }

    static void CheckUser(DockerfileStage final, IReadOnlyDictionary<string, string?> globals, string location, List<PolicyViolation> violations)
    {
        var lineage = final.Lineage.ToList();
        var index = lineage.FindLastIndex(i => i.Keyword == "USER");
        if (index < 0)
        {
            violations.Add(DockerfileRules.NonRootUser.At(location, final.From.Line, "the final stage sets no USER, so the image runs as root; create a user (useradd --system --uid 10001 ...) and end with USER 10001:10001"));
            return;
        }
        var user = lineage[index];
        var declared = DockerfileVariables.DeclaredBy(lineage.Take(index), globals);
        if (DockerfileVariables.Expand(user.Arguments, declared) is not { } expanded)
        {
            violations.Add(DockerfileRules.NonRootUser.At(location, user.Line, $"USER {user.Arguments} uses a variable without a default, so the user cannot be checked; state the uid (USER 10001:10001)"));
            return;
        }
        var name = expanded.Split(':')[0].Trim();
        if (name is "" or "root" or "0")
            violations.Add(DockerfileRules.NonRootUser.At(location, user.Line, $"USER {user.Arguments} runs the image as root; switch to a non-root uid (USER 10001:10001) after the steps that need root"));
    }

    static void CheckHealthcheck(DockerfileStage final, string location, List<PolicyViolation> violations, List<WaivedViolation> waived)
    {
        var lineage = final.Lineage.ToList();
        var healthcheck = lineage.LastOrDefault(i => i.Keyword == "HEALTHCHECK");
        var disabled = healthcheck is not null && healthcheck.Arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase);
        if (healthcheck is not null && !disabled)
            return;
        var label = lineage.Where(i => i.Keyword == "LABEL")
            .SelectMany(i => DockerfileArguments.Pairs(i.Arguments, legacyForm: false))
            .LastOrDefault(p => p.Key == HealthcheckLabel).Value;
        var reason = label is null ? null : NoHealthcheckReason().Match(label) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
        var problem = disabled ? "HEALTHCHECK NONE turns the image's health check off" : "the final stage has no HEALTHCHECK";
        var violation = DockerfileRules.Healthcheck.At(location, (healthcheck ?? final.From).Line, reason is null && label is not null
            ? $"{problem}, and LABEL {HealthcheckLabel}=\"{label}\" gives no reason; write it as \"none: <why this image needs none>\""
            : $"{problem}; add one that probes the service (HEALTHCHECK CMD ...), or for a one-shot tool say why with LABEL {HealthcheckLabel}=\"none: <reason>\"");
        if (reason is null)
            violations.Add(violation);
        else
            waived.Add(new WaivedViolation(violation, reason));
    }

    [GeneratedRegex(@"^(?:[A-Za-z][A-Za-z0-9+.-]*://|git@)")]
    private static partial Regex Url();

    [GeneratedRegex(@"^none:\s*(\S.*)$", RegexOptions.Singleline)]
    private static partial Regex NoHealthcheckReason();
}
