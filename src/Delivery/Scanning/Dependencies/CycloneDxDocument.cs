using System.Text.Json;
using BuildEngine.IO;

namespace Delivery.Scanning.Dependencies;

/// <summary>The facts a generator checks in the SBOM it wrote: that it is CycloneDX JSON, its spec version, and its component count (nested ones included).</summary>
public sealed record CycloneDxDocument(string SpecVersion, int Components)
{
    public static CycloneDxDocument Read(AbsolutePath file) => Parse(file.ReadAllText());

    public static CycloneDxDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("bomFormat", out var format) || format.GetString() != "CycloneDX")
            throw new FormatException("not a CycloneDX JSON document (bomFormat is not 'CycloneDX')");
        var spec = root.TryGetProperty("specVersion", out var version) ? version.GetString() ?? "" : "";
        return new CycloneDxDocument(spec, Count(root));
    }

    static int Count(JsonElement parent) =>
        parent.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Array
            ? components.EnumerateArray().Sum(c => 1 + Count(c))
            : 0;
}
