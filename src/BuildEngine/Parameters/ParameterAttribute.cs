namespace BuildEngine;

/// <summary>
/// Marks a field or property as a build parameter, set from (first wins) the command line, the environment,
/// <c>.nuke/parameters.&lt;profile&gt;.json</c>, <c>.nuke/parameters.json</c>, or else its default.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the member name.</summary>
    public string? Name { get; set; }

    /// <summary>False hides the parameter from <c>--help</c>.</summary>
    public bool List { get; set; } = true;
}

/// <summary>
/// The value is a credential: it is read only from the command line or the environment, never from a parameters file,
/// and it is redacted as <c>***</c> everywhere output can reach.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>Prefixes the names of all parameters declared on a component interface.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class ParameterPrefixAttribute(string prefix) : Attribute
{
    public string Prefix { get; } = prefix;
}
