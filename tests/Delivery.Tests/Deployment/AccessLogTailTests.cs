using Delivery.Deployment;

namespace Delivery.Tests.Deployment;

public sealed class AccessLogTailTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);

    static string Lines(params (int Millisecond, string Text)[] lines) =>
        string.Join('\n', lines.Select(l => $"2026-11-27T21:00:00.{l.Millisecond:D3}000000Z {l.Text}"));

    [Fact]
    public void Each_read_gives_only_the_lines_after_the_last_one_taken()
    {
        var tail = new AccessLogTail(Start.AddMilliseconds(100), lines: 10);

        var first = tail.Take(Lines((50, "before"), (150, "a"), (250, "b")), "");
        var second = tail.Take(Lines((150, "a"), (250, "b"), (350, "c")), "");

        Assert.Equal("a\nb", first);
        Assert.Equal("c", second);
        Assert.Equal("", tail.Take(Lines((250, "b"), (350, "c")), ""));
    }

    [Fact]
    public void A_full_read_that_does_not_reach_back_to_the_last_line_taken_asks_for_four_times_more()
    {
        var tail = new AccessLogTail(Start.AddMilliseconds(100), lines: 2);

        Assert.Null(tail.Take(Lines((300, "c"), (400, "d")), ""));
        Assert.Equal(8, tail.Lines);
        Assert.Equal("b\nc\nd", tail.Take(Lines((50, "before"), (200, "b"), (300, "c"), (400, "d")), ""));
    }

    [Fact]
    public void A_read_shorter_than_asked_is_the_whole_log_even_when_every_line_is_new()
    {
        var tail = new AccessLogTail(Start, lines: 10);

        Assert.Equal("a\nb", tail.Take(Lines((100, "a"), (200, "b")), ""));
        Assert.Equal(10, tail.Lines);
    }

    [Fact]
    public void Error_lines_count_towards_what_was_read_but_are_not_access_lines()
    {
        var tail = new AccessLogTail(Start.AddMilliseconds(100), lines: 3);

        // Three lines were asked for and three came, one on stderr from before the last line taken: the read reaches back.
        var lines = tail.Take(Lines((200, "a"), (300, "b")), Lines((50, "[notice] reload")));

        Assert.Equal("a\nb", lines);
    }

    [Theory]
    [InlineData("2026-11-27T21:00:00.1Z", "2026-11-27T21:00:00.12Z")]
    [InlineData("2026-11-27T21:00:00.000000001Z", "2026-11-27T21:00:00.000000002Z")]
    [InlineData("2026-11-27T21:00:00Z", "2026-11-27T21:00:00.5Z")]
    [InlineData("2026-11-27T22:00:00+01:00", "2026-11-27T21:00:00.000000001Z")]
    public void Docker_timestamps_keep_their_order_to_the_nanosecond(string earlier, string later)
    {
        Assert.True(AccessLogTail.TryParse(earlier, out var a));
        Assert.True(AccessLogTail.TryParse(later, out var b));
        Assert.True(a < b, $"{a} < {b}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"status\":200}")]
    [InlineData("2026-11-27T21:00:00.1234567890Z")]
    [InlineData("21:00:00.5Z")]
    [InlineData("not-a-timestamp-at-all-x")]
    public void Lines_without_a_timestamp_are_not_read_as_one(string text) => Assert.False(AccessLogTail.TryParse(text, out _));
}
