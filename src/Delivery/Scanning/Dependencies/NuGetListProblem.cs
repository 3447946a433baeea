namespace Delivery.Scanning.Dependencies;

/// <summary>A problem <c>dotnet list package</c> reported (a missing assets file, an audit source without data).</summary>
public sealed record NuGetListProblem(string Level, string Text, string? Project)
{
    public bool IsError => string.Equals(Level, "error", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Level}: {Text}";
}
