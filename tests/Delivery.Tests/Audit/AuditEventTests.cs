using Delivery.Audit;
using static Delivery.Tests.Audit.AuditTestData;

namespace Delivery.Tests.Audit;

public sealed class AuditEventTests
{
    [Fact]
    public void Canonical_form_has_a_fixed_order_no_whitespace_and_no_hash()
    {
        var record = Event(AuditAction.RolledBack) with
        {
            Sequence = 7,
            Hosts = ["app-1"],
            PhaseTimingsMs = new Dictionary<string, long> { ["switch"] = 40, ["gate"] = 5000 },
            FailureReason = "quote \" and\nnewline",
            Hash = "sha256:ignored",
        };

        var canonical = record.Canonical();

        Assert.StartsWith("{\"schema\":1,\"deployId\":\"01JD0000000000000000000000\",\"sequence\":7,\"time\":\"2026-11-27T10:00:00.0000000Z\",\"environment\":\"prod\",\"action\":\"rolled_back\",\"actor\":", canonical);
        Assert.Contains("\"hosts\":[\"app-1\"]", canonical);
        Assert.Contains("\"phaseTimingsMs\":{\"gate\":5000,\"switch\":40}", canonical);
        Assert.Contains("\"failureReason\":\"quote \\\" and\\nnewline\"", canonical);
        Assert.EndsWith("\"previousHash\":null}", canonical);
        Assert.DoesNotContain("ignored", canonical);
        Assert.DoesNotContain(": ", canonical);
    }

    [Fact]
    public void Hash_survives_the_file_round_trip_and_changes_with_any_field()
    {
        var record = Event(AuditAction.Succeeded) with { Sequence = 3, PhaseTimingsMs = new Dictionary<string, long> { ["pull"] = 12 } };
        var hashed = record with { Hash = record.ComputeHash() };

        var json = hashed.ToJson();
        var read = AuditEvent.FromJson(json);

        Assert.Matches("^sha256:[0-9a-f]{64}$", hashed.Hash);
        Assert.Equal(hashed.Hash, read.ComputeHash());
        Assert.Contains("\"action\": \"succeeded\"", json);
        Assert.NotEqual(hashed.Hash, (read with { Actor = "mallory" }).ComputeHash());
        Assert.NotEqual(hashed.Hash, (read with { Time = read.Time.AddTicks(1) }).ComputeHash());
        Assert.NotEqual(hashed.Hash, (read with { PhaseTimingsMs = new Dictionary<string, long> { ["pull"] = 13 } }).ComputeHash());
    }

    [Fact]
    public void Same_instant_in_another_offset_hashes_the_same()
    {
        var utc = Event(AuditAction.Started);
        var local = utc with { Time = utc.Time.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(utc.ComputeHash(), local.ComputeHash());
    }

    [Fact]
    public void Secret_names_hash_ignores_order_and_duplicates_and_contains_no_name()
    {
        var hash = AuditEvent.HashSecretNames(["REGISTRY_PASSWORD", "DEPLOY_WEBHOOK_URL"]);

        Assert.Equal(hash, AuditEvent.HashSecretNames(["DEPLOY_WEBHOOK_URL", "REGISTRY_PASSWORD", "REGISTRY_PASSWORD"]));
        Assert.NotEqual(hash, AuditEvent.HashSecretNames(["REGISTRY_PASSWORD"]));
        Assert.DoesNotContain("REGISTRY", hash);
    }

    [Fact]
    public void Deploy_ids_are_26_crockford_characters_that_sort_by_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(DeployId.New(clock));
            clock.Now = clock.Now.AddMilliseconds(1);
        }

        Assert.All(ids, id => Assert.True(DeployId.IsValid(id), id));
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(50, ids.Distinct().Count());
        Assert.False(DeployId.IsValid("01JD000000000000000000000I")); // I is not Crockford
        Assert.False(DeployId.IsValid("short"));
    }

    sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
