namespace Delivery.Tests.Scanning.Gate;

/// <summary>A clock stopped at noon UTC of one day, so expiry tests do not depend on when they run.</summary>
sealed class FixedClock(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
