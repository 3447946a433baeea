namespace Delivery.Scanning.Policy;

/// <summary>One documented exception: a service waives a compose rule, for a stated reason.</summary>
public sealed record ComposeException(string Service, string RuleId, string Reason, string File, int Line);

/// <summary>
/// Reads a service's <c>x-pazpaz-policy-exceptions</c> (compose ignores <c>x-</c> keys), a mapping of rule id to reason:
/// <code>
/// x-pazpaz-policy-exceptions:
///   DC010: "one-off: `run --rm migrate` exits when the migration is done; nothing waits on its health"
/// </code>
/// An entry that names no compose rule or gives no reason waives nothing and is itself a DC015 violation.
/// </summary>
public static class ComposeExceptions
{
    public const string Key = "x-pazpaz-policy-exceptions";

    public static (IReadOnlyList<ComposeException> Valid, IReadOnlyList<ServiceViolation> Invalid) Read(ComposeService service)
    {
        var node = service.Settings[Key];
        if (node is null)
            return ([], []);
        if (node is not ComposeMapping entries)
            return ([], [new(ComposeRules.Exceptions, node.File, node.Line, $"{Key} must be a mapping of rule id to reason (DC010: \"why this service needs no healthcheck\")")]);
        var valid = new List<ComposeException>();
        var invalid = new List<ServiceViolation>();
        foreach (var (id, value) in entries.Entries)
        {
            var rule = ComposeRules.All.FirstOrDefault(r => r.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
            if (rule is null || rule == ComposeRules.Unreadable || rule == ComposeRules.Exceptions)
                invalid.Add(new(ComposeRules.Exceptions, value.File, value.Line, $"{Key} names '{id}', which is not a compose rule that can be waived; use one of {string.Join(", ", Waivable.Select(r => r.Id))}"));
            else if (value is not ComposeScalar { IsNull: false } reason || string.IsNullOrWhiteSpace(reason.Value))
                invalid.Add(new(ComposeRules.Exceptions, value.File, value.Line, $"the exception for {rule.Id} gives no reason; write why this service cannot follow '{rule.Title}'"));
            else
                valid.Add(new(service.Name, rule.Id, reason.Value.Trim(), value.File, value.Line));
        }
        return (valid, invalid);
    }

    static IEnumerable<PolicyRule> Waivable => ComposeRules.All.Where(r => r != ComposeRules.Unreadable && r != ComposeRules.Exceptions);
}
