using Delivery.Audit;
using Delivery.Tests.Support;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class SmtpNotifierTests
{
    static AuditEvent Sealed(AuditAction action) =>
        Event(action) with { Sequence = 9, Hash = "sha256:fedcba9876543210" + new string('0', 48) };

    static SmtpSettings Settings(int port) =>
        new("127.0.0.1", port, "deploy@pazpaz.example", ["ops@pazpaz.example", "oncall@pazpaz.example"]) { UseTls = false };

    [Fact]
    public async Task Sends_one_plain_text_mail_through_a_real_smtp_exchange()
    {
        await using var receiver = new SmtpReceiver();
        var notifier = new SmtpNotifier(Settings(receiver.Port));

        await notifier.NotifyAsync(Sealed(AuditAction.RolledBack) with { Digest = DigestA, PreviousDigest = DigestB }, CancellationToken.None);

        var mail = await receiver.FirstMail(TimeSpan.FromSeconds(10));
        Assert.Equal("deploy@pazpaz.example", mail.MailFrom);
        Assert.Equal(["ops@pazpaz.example", "oncall@pazpaz.example"], mail.RcptTo);
        Assert.Equal("[PazPaz prod] rolled_back sha256:aaaaaaaaaaaa", mail.Header("Subject"));
        Assert.Equal("deploy@pazpaz.example", mail.Header("From"));
        Assert.Contains("ops@pazpaz.example", mail.Header("To"));
        Assert.Equal("01JD0000000000000000000000", mail.Header("X-PazPaz-Deploy-Id"));
        Assert.Contains("[prod] rolled back sha256:aaaaaaaaaaaa (was sha256:bbbbbbbbbbbb) by alice (alice@example.org); deploy 01JD0000000000000000000000, ledger #9 fedcba987654\n", mail.DecodedBody);
        Assert.Contains(receiver.Commands, c => c.StartsWith("EHLO", StringComparison.Ordinal));
        await receiver.Quit(TimeSpan.FromSeconds(10));
        Assert.Contains("QUIT", receiver.Commands);
    }

    [Fact]
    public async Task A_refusing_relay_is_an_error()
    {
        await using var receiver = new SmtpReceiver(rejectMailFrom: true);
        var notifier = new SmtpNotifier(Settings(receiver.Port));

        var e = await Assert.ThrowsAsync<DeployNotificationException>(() => notifier.NotifyAsync(Sealed(AuditAction.Failed), CancellationToken.None));

        Assert.Contains($"127.0.0.1:{receiver.Port}", e.Message);
        Assert.Empty(receiver.Mails);
    }

    [Fact]
    public void Refuses_to_send_a_password_in_clear_to_a_remote_relay()
    {
        var settings = new SmtpSettings("smtp.example.org", 587, "a@b.example", ["c@d.example"]) { Username = "deploy", Password = "pw", UseTls = false };

        Assert.Throws<ArgumentException>(() => new SmtpNotifier(settings));
        Assert.DoesNotContain("pw", settings.ToString().Replace("deploy", "", StringComparison.Ordinal));
    }
}
