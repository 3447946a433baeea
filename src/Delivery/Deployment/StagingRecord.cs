using System.Text.Json;
using BuildEngine.IO;

namespace Delivery.Deployment;

/// <summary>
/// The release that passed Smoke on staging, by digest: the only thing DeployProd accepts. Written by Smoke against
/// staging, never by hand; a failed smoke leaves the previous record (the last release proven on staging) in place.
/// </summary>
public sealed record StagingRecord(string Version, IReadOnlyDictionary<string, string> Images, DateTimeOffset SmokePassedAt)
{
    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public Release Release => new(Version, Images);

    public void Write(AbsolutePath file)
    {
        Directory.CreateDirectory(file.Parent!);
        var temporary = file.Parent! / $".{file.Name}.{Guid.NewGuid():N}";
        temporary.WriteAllText(JsonSerializer.Serialize(this, Options) + "\n");
        File.Move(temporary, file, overwrite: true);
    }

    /// <summary>The record, checked against what the caller wants to promote (a digest or a version), if anything.</summary>
    public static StagingRecord Read(AbsolutePath file, string? wanted = null)
    {
        if (!file.FileExists())
            throw new DeploymentException($"No release has passed Smoke on staging ({file} does not exist). Deploy to staging first: ./build.sh DeployStaging (it runs Smoke).");
        var record = JsonSerializer.Deserialize<StagingRecord>(file.ReadAllText(), Options)
                     ?? throw new DeploymentException($"{file} holds no staging record.");
        if (wanted is { Length: > 0 } && wanted != record.Version && !record.Images.Values.Any(i => i == wanted || i.EndsWith("@" + wanted, StringComparison.Ordinal)))
            throw new DeploymentException($"'{wanted}' is not the release that passed Smoke on staging ({record.Version}: {record.Images.GetValueOrDefault("api")}). " +
                "Only that release can go to prod: deploy yours to staging first (./build.sh DeployStaging).");
        return record;
    }
}
