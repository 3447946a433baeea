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

    /// <summary>The manifest in <paramref name="file"/>; a missing or unreadable one is an error that says to push again.</summary>
    public static ImagesManifest Read(AbsolutePath file)
    {
        const string fix = "Run ./build.sh Push, which writes it (DeployStaging runs Push first unless --skip).";
        if (!file.FileExists())
            throw new InvalidOperationException($"{file} does not exist: no push is recorded here. {fix}");
        try
        {
            return JsonSerializer.Deserialize<ImagesManifest>(file.ReadAllText(), Options) is { Images: not null } manifest
                ? manifest
                : throw new InvalidOperationException($"{file} holds no image manifest. {fix}");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{file} is not an image manifest ({e.Message}). {fix}", e);
        }
    }
}
