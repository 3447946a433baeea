namespace Integration.Tests.Scanning.RepositoryScanners;

/// <summary>Tests that restore or list the repository's own solution run one at a time, so two restores never write the same assets file.</summary>
[CollectionDefinition(Name)]
public sealed class DotnetRestoreCollection
{
    public const string Name = "dotnet restore of the repository";
}
