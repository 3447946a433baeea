namespace Delivery.Scanning.Images;

/// <summary>
/// A secret-looking value: which rule matched, the variable or label it sits in (if any), and a hint that identifies
/// the value without revealing it (the token type's public prefix and its length, never characters of the secret).
/// </summary>
public sealed record SecretMatch(string RuleId, string Description, string? Name, string Hint, Severity Severity);
