using Delivery.Scanning.Dependencies;

namespace Delivery.Tests.Scanning.Dependencies;

public sealed class CycloneDxDocumentTests
{
    [Fact]
    public void Components_are_counted_with_their_nested_components()
    {
        var document = CycloneDxDocument.Parse("""
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
              {"type": "library", "name": "vue", "components": [{"type": "library", "name": "@vue/shared"}]},
              {"type": "library", "name": "vite"}]}
            """);

        Assert.Equal("1.6", document.SpecVersion);
        Assert.Equal(3, document.Components);
    }

    [Fact]
    public void A_document_without_components_has_none()
    {
        Assert.Equal(0, CycloneDxDocument.Parse("""{"bomFormat": "CycloneDX", "specVersion": "1.6"}""").Components);
    }

    [Fact]
    public void Json_that_is_not_CycloneDX_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => CycloneDxDocument.Parse("""{"spdxVersion": "SPDX-2.3", "packages": []}"""));

        Assert.Contains("bomFormat", e.Message);
    }
}
