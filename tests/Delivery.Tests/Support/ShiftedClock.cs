namespace Delivery.Tests.Support;

/// <summary>The host's clock moved by a fixed amount: times read from it are told apart from the host's own.</summary>
public sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
