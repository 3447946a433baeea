namespace BuildEngine.Logging;

/// <summary>
/// Every secret value the build knows of. Whatever reaches a person (log lines, exceptions, process dumps, the summary)
/// passes through <see cref="Redact"/> first.
/// </summary>
public static class SecretMasker
{
    public const string Mask = "***";
    static readonly object Gate = new();
    static string[] _secrets = [];

    public static void Register(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
            return;
        lock (Gate)
        {
            if (!_secrets.Contains(secret))
                _secrets = _secrets.Append(secret).OrderByDescending(s => s.Length).ToArray();
        }
    }

    public static string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    internal static void Reset()
    {
        lock (Gate)
            _secrets = [];
    }
}
