using Delivery.Audit;

namespace Delivery.Tests.Audit;

static class AuditTestData
{
    public const string DigestA = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    public const string DigestB = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";
    public const string DigestC = "sha256:cccccccccccc3333333333333333333333333333333333333333333333333333";

    public static AuditEvent Event(AuditAction action, string? digest = DigestB, string? previous = DigestA, string environment = "prod") => new()
    {
        DeployId = "01JD0000000000000000000000",
        Time = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
        Environment = environment,
        Action = action,
        Actor = "alice (alice@example.org)",
        GitSha = "0123456789abcdef0123456789abcdef01234567",
        ImageRepo = "registry.example.org/pazpaz/api",
        Digest = digest,
        PreviousDigest = previous,
        EngineVersion = "0.1.0",
    };

    /// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
    public sealed class TempRoot : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pazpaz-ledger-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
