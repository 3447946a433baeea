using Delivery.Load;

namespace Delivery.Tests.Load;

public sealed class RequestTemplateTests
{
    [Fact]
    public async Task A_write_carries_its_unique_name_as_body_and_idempotency_key_and_a_read_carries_neither()
    {
        using var write = RequestTemplate.CreateAppointment(7).Create("run-1-42");
        using var read = RequestTemplate.Schedule(7).Create(null);

        Assert.Equal(["run-1-42"], write.Headers.GetValues("Idempotency-Key"));
        Assert.Contains("\"client_name\":\"run-1-42\"", await write.Content!.ReadAsStringAsync());
        Assert.False(read.Headers.Contains("Idempotency-Key"));
        Assert.Null(read.Content);
    }

    [Fact]
    public void The_schedule_read_is_the_seeded_week_so_its_cost_does_not_grow_with_the_writes()
    {
        var read = RequestTemplate.Schedule(1);

        Assert.Equal("/api/v1/workspaces/1/appointments?from=2026-01-05T00:00:00Z&to=2026-01-12T00:00:00Z", read.Path);
        Assert.StartsWith("2026-04-01", RequestTemplate.CreateAppointment(1).WriteBody!("x").Split("\"starts_at\":\"")[1], StringComparison.Ordinal);
    }
}
