using Delivery.Execution;

namespace Delivery.Tests.Deployment;

public sealed class DeadlineTests
{
    [Fact]
    public async Task Passes_after_its_length_and_not_before()
    {
        var deadline = Deadline.After(TimeSpan.FromMilliseconds(100));

        Assert.False(deadline.Passed);
        await Task.Delay(150);
        Assert.True(deadline.Passed);
        Assert.True(Deadline.After(TimeSpan.Zero - TimeSpan.FromSeconds(1)).Passed);
    }
}
