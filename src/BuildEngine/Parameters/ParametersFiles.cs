using System.Text.Json;
using BuildEngine.IO;

namespace BuildEngine.Parameters;

/// <summary><c>.nuke/parameters.&lt;profile&gt;.json</c> files (the last profile wins) over <c>.nuke/parameters.json</c>.</summary>
sealed class ParametersFiles
{
    readonly List<(string File, Dictionary<string, (string Key, JsonElement Value)> Values)> _layers = [];

    public ParametersFiles(AbsolutePath root, IReadOnlyList<string> profiles)
    {
        var directory = root / ".nuke";
        foreach (var profile in profiles.Reverse())
        {
            var file = directory / $"parameters.{profile}.json";
            if (!file.FileExists())
            {
                var available = directory.GlobFiles("parameters.*.json").Select(f => f.Name["parameters.".Length..^".json".Length]).ToList();
                throw new UsageException($"Profile '{profile}' has no file .nuke/parameters.{profile}.json. " +
                    (available.Count > 0 ? $"Available profiles: {string.Join(", ", available)}." : "Create the file, or drop --profile."));
            }
            _layers.Add(Load(file, root));
        }
        var defaults = directory / "parameters.json";
        if (defaults.FileExists())
            _layers.Add(Load(defaults, root));
    }

    public IEnumerable<string> Files => _layers.Select(l => l.File);

    public IEnumerable<(string File, string Key)> Keys => _layers.SelectMany(l => l.Values.Values.Select(v => (l.File, v.Key)));

    public bool TryGet(string name, out IReadOnlyList<string> tokens, out string file)
    {
        foreach (var layer in _layers)
        {
            if (layer.Values.TryGetValue(ArgumentParser.Normalize(name), out var entry))
            {
                tokens = Tokens(entry.Value, layer.File, entry.Key);
                file = layer.File;
                return true;
            }
        }
        tokens = [];
        file = "";
        return false;
    }

    static (string, Dictionary<string, (string, JsonElement)>) Load(AbsolutePath file, AbsolutePath root)
    {
        var relative = root.GetUnixRelativePathTo(file);
        try
        {
            using var document = JsonDocument.Parse(file.ReadAllText(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{relative} must hold a JSON object of parameter names and values.");
            var values = document.RootElement.EnumerateObject()
                .Where(p => !p.Name.StartsWith('$'))
                .ToDictionary(p => ArgumentParser.Normalize(p.Name), p => (p.Name, p.Value.Clone()));
            return (relative, values);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{relative} is not valid JSON: {e.Message}");
        }
    }

    static IReadOnlyList<string> Tokens(JsonElement value, string file, string key) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().SelectMany(v => Tokens(v, file, key)).ToList(),
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Null => [],
        _ => throw new UsageException($"{file}: '{key}' must be a string, number, boolean or array."),
    };
}
