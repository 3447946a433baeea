namespace Delivery.Tests.Load;

/// <summary>Tests that measure wall-clock rates and latencies run alone, so other tests cannot starve them of CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTimingCollection
{
    public const string Name = "Load timing";
}
