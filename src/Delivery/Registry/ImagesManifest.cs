using System.Text.Json;
using System.Text.Json.Serialization;
using BuildEngine.IO;

namespace Delivery.Registry;

/// <summary>
/// <c>artifacts/images.json</c>: every image of one push, by digest, with the version and commit they came from.
/// Written only after every push succeeded, so a failed push never leaves a half record.
/// </summary>
public sealed record ImagesManifest(string Version, string Revision, IReadOnlyList<PushedImage> Images)
{
    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Write(AbsolutePath file) => file.WriteAllText(JsonSerializer.Serialize(this, Options) + "\n");

    public static ImagesManifest Read(AbsolutePath file) =>
        JsonSerializer.Deserialize<ImagesManifest>(file.ReadAllText(), Options)
        ?? throw new InvalidOperationException($"{file} holds no image manifest.");
}
