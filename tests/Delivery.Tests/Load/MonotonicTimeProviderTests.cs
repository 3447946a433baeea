using Delivery.Load;

namespace Delivery.Tests.Load;

public sealed class MonotonicTimeProviderTests
{
    [Fact]
    public async Task Starts_at_the_wall_clock_and_only_moves_forward_with_the_monotonic_one()
    {
        var clock = new MonotonicTimeProvider();
        var first = clock.GetUtcNow();
        await Task.Delay(50);
        var second = clock.GetUtcNow();

        Assert.InRange(second - first, TimeSpan.FromMilliseconds(45), TimeSpan.FromSeconds(5));
        // Nobody steps this machine's clock during a test: the two clocks agree.
        Assert.True(clock.WallClockStep.Duration() < TimeSpan.FromSeconds(1), $"wall clock step {clock.WallClockStep}");
    }
}
