using Delivery.Audit;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class AuditGuardTests
{
    [Theory]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0")]
    [InlineData("env SENTRY_DSN=aHR0cHM6Ly9zZWNyZXRAaG9zdC5leGFtcGxlLm9yZw==")]
    [InlineData("psql: password=hunter2")]
    [InlineData("api_key: abc")]
    [InlineData("could not reach postgresql://pazpaz:s3cr3t@db:5432/pazpaz")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    public void Refuses_values_that_look_like_credentials_without_echoing_them(string reason)
    {
        var e = Assert.Throws<AuditRecordRejectedException>(() => AuditGuard.EnsureSafe(Event(AuditAction.Failed) with { FailureReason = reason }));

        Assert.Contains("'failureReason'", e.Message);
        Assert.DoesNotContain(reason, e.Message);
    }

    [Fact]
    public void Refuses_long_free_text()
    {
        Assert.Throws<AuditRecordRejectedException>(() => AuditGuard.EnsureSafe(Event(AuditAction.Failed) with { FailureReason = new string('x', AuditGuard.MaxFailureReasonLength + 1) }));
        Assert.Throws<AuditRecordRejectedException>(() => AuditGuard.EnsureSafe(Event(AuditAction.Started) with { Actor = new string('x', AuditGuard.MaxLength + 1) }));
        Assert.Throws<AuditRecordRejectedException>(() => AuditGuard.EnsureSafe(Event(AuditAction.Started) with { DeployId = "not-an-id" }));
    }

    [Theory]
    [InlineData("health gate: 3 of 5 probes failed on api-green (HTTP 503)")]
    [InlineData("pull of registry.example.org:5000/pazpaz/api@sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222 failed: manifest unknown")]
    [InlineData("alembic upgrade head exited 1 (lock_timeout=5s)")]
    [InlineData("missing required secrets: ***")]
    public void Accepts_ordinary_failure_reasons(string reason) =>
        AuditGuard.EnsureSafe(Event(AuditAction.Failed) with { FailureReason = reason, SecretNamesHash = AuditEvent.HashSecretNames(["A"]) });
}
