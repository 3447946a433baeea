using Delivery.Audit;
using Delivery.Deployment;

namespace Delivery.Tests.Deployment;

/// <summary>What "previous" means: the latest deploy, and only if it moved public traffic.</summary>
public sealed class RollbackRequestTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("ledger-").FullName;

    static readonly Dictionary<string, string> Ids = new() { ["A"] = DeployId.New(), ["B"] = DeployId.New() };

    ReleaseLedger Ledger(params (string Deploy, AuditAction Action, string? Digest, string? Previous)[] events)
    {
        var ledger = new ReleaseLedger(_root, "prod");
        foreach (var (deploy, action, digest, previous) in events)
            ledger.Append(new AuditEvent { DeployId = Ids[deploy], Time = DateTimeOffset.UtcNow, Environment = "prod", Action = action, Actor = "ci:test", Digest = digest, PreviousDigest = previous });
        return ledger;
    }

    [Fact]
    public void After_a_deploy_that_switched_previous_is_what_was_live_before_it()
    {
        var ledger = Ledger(("A", AuditAction.Started, "r@sha256:a", null), ("A", AuditAction.Switched, "r@sha256:a", "r@sha256:0"), ("A", AuditAction.Succeeded, "r@sha256:a", "r@sha256:0"),
            ("B", AuditAction.Started, "r@sha256:b", null), ("B", AuditAction.Switched, "r@sha256:b", "r@sha256:a"), ("B", AuditAction.Failed, "r@sha256:b", null));

        Assert.Equal(("r@sha256:b", "r@sha256:a"), RollbackRequest.From(ledger, "previous", "ci:test").LastSucceeded);
    }

    [Fact]
    public void A_latest_deploy_that_never_switched_leaves_nothing_to_roll_back()
    {
        var ledger = Ledger(("A", AuditAction.Started, "r@sha256:a", null), ("A", AuditAction.Switched, "r@sha256:a", "r@sha256:0"), ("A", AuditAction.Succeeded, "r@sha256:a", "r@sha256:0"),
            ("B", AuditAction.Started, "r@sha256:b", null), ("B", AuditAction.Failed, "r@sha256:b", null));

        Assert.Null(RollbackRequest.From(ledger, "previous", "ci:test").LastSucceeded);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
