namespace BuildEngine.Parameters;

/// <summary>
/// Splits the command line into positional targets (before the first <c>-x</c>) and named arguments
/// (<c>--name v1 v2</c> or <c>--name=v</c>; the last occurrence of a name wins). Names compare case- and dash-insensitively.
/// </summary>
public sealed class ArgumentParser
{
    readonly Dictionary<string, (string Given, List<string> Values)> _named = new(StringComparer.Ordinal);

    public ArgumentParser(IReadOnlyList<string> arguments)
    {
        Arguments = arguments;
        var positional = new List<string>();
        List<string>? current = null;
        foreach (var argument in arguments)
        {
            if (IsName(argument))
            {
                var text = argument.TrimStart('-');
                var equals = text.IndexOf('=');
                var name = equals >= 0 ? text[..equals] : text;
                current = [];
                if (equals >= 0)
                    current.Add(text[(equals + 1)..]);
                _named[Normalize(name)] = (argument[..(argument.Length - text.Length)] + name, current);
            }
            else if (current is null)
                positional.Add(argument);
            else
                current.Add(argument);
        }
        Positional = positional;
    }

    public IReadOnlyList<string> Arguments { get; }
    public IReadOnlyList<string> Positional { get; }

    /// <summary>The names as given, for "unknown parameter" checks.</summary>
    public IEnumerable<string> GivenNames => _named.Values.Select(v => v.Given);

    public bool Has(string name) => _named.ContainsKey(Normalize(name));

    public IReadOnlyList<string>? Get(string name) => _named.TryGetValue(Normalize(name), out var value) ? value.Values : null;

    static bool IsName(string argument) =>
        argument.Length > 1 && argument[0] == '-' && !char.IsDigit(argument[1]) && argument != "--";

    public static string Normalize(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
