namespace Delivery.Environments;

/// <summary>
/// One of the closed set of environments (dev, staging, prod). Everything per environment (its parameters file, compose
/// override, nginx settings, secrets file, lock and ledger) is named after <see cref="Name"/>.
/// </summary>
public sealed class EnvironmentName : IEquatable<EnvironmentName>
{
    public static readonly EnvironmentName Dev = new("dev");
    public static readonly EnvironmentName Staging = new("staging");
    public static readonly EnvironmentName Prod = new("prod");

    public static IReadOnlyList<EnvironmentName> All { get; } = [Dev, Staging, Prod];

    EnvironmentName(string name) => Name = name;

    public string Name { get; }

    /// <summary>Case-insensitive; anything else fails listing the known names and how to pass one.</summary>
    public static EnvironmentName Parse(string? value)
    {
        var trimmed = value?.Trim() ?? "";
        return All.FirstOrDefault(e => string.Equals(e.Name, trimmed, StringComparison.OrdinalIgnoreCase))
               ?? throw new EnvironmentConfigurationException(
                   (trimmed.Length == 0 ? "No environment given. " : $"Unknown environment '{trimmed}'. ") +
                   $"Known environments: {string.Join(", ", All.Select(e => e.Name))}. " +
                   "Pass one with --environment <name> (e.g. --environment staging); each has .nuke/parameters.<name>.json and compose/compose.<name>.yaml.");
    }

    public bool Equals(EnvironmentName? other) => other is not null && other.Name == Name;

    public override bool Equals(object? obj) => Equals(obj as EnvironmentName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;
}
