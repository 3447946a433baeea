namespace Delivery.Scanning.Policy;

/// <summary>A Dockerfile the parser cannot read, with the line where it went wrong.</summary>
public sealed class DockerfileSyntaxException(int line, string message) : FormatException($"line {line}: {message}")
{
    public int Line { get; } = line;
}
