using Delivery.Scanning.Dependencies;

namespace Delivery.Tests.Scanning.Dependencies;

public sealed class NpmAuditErrorTests
{
    [Fact]
    public void A_report_is_not_an_error()
    {
        Assert.Null(NpmAuditError.TryParse(NpmAuditOutputs.ThreeVulnerablePackages));
    }

    [Fact]
    public void A_registry_without_an_audit_endpoint_serves_no_advisories()
    {
        var error = NpmAuditError.TryParse(NpmAuditOutputs.AuditEndpointNotServed)!;

        Assert.Equal(405, error.StatusCode);
        Assert.True(error.RegistryServesNoAdvisories);
        Assert.Contains("/-/npm/v1/security/advisories/bulk", error.Message);
    }

    [Fact]
    public void An_unreachable_registry_is_a_failure_not_a_missing_source()
    {
        var error = NpmAuditError.TryParse(NpmAuditOutputs.RegistryRefused)!;

        Assert.Null(error.StatusCode);
        Assert.False(error.RegistryServesNoAdvisories);
        Assert.Contains("ECONNREFUSED", error.Message);
    }

    [Fact]
    public void Npms_own_refusal_keeps_its_code_and_advice()
    {
        var error = NpmAuditError.TryParse(NpmAuditOutputs.NoLockfile)!;

        Assert.False(error.RegistryServesNoAdvisories);
        Assert.StartsWith("ENOLOCK This command requires an existing lockfile.", error.Message);
        Assert.Contains("npm i --package-lock-only", error.Message);
    }

    [Theory]
    [InlineData(404, true)]
    [InlineData(405, true)]
    [InlineData(501, true)]
    [InlineData(401, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void Only_an_endpoint_the_registry_does_not_have_counts_as_no_advisory_source(int status, bool servesNone) =>
        Assert.Equal(servesNone, new NpmAuditError("x", status).RegistryServesNoAdvisories);
}
