namespace Delivery.Environments;

/// <summary>An environment's settings or secrets are missing or unusable; the message lists every problem and its fix.</summary>
public sealed class EnvironmentConfigurationException(string message) : Exception(message)
{
    internal static EnvironmentConfigurationException FromProblems(string heading, IReadOnlyList<string> problems) =>
        new(heading + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
}
