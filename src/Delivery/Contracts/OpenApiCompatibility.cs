using System.Text.Json.Nodes;

namespace Delivery.Contracts;

/// <summary>One change that breaks existing clients, named so a person can find it.</summary>
public sealed record BreakingChange(string Operation, string Description)
{
    public override string ToString() => $"{Operation}: {Description}";
}

/// <summary>
/// Compares two OpenAPI documents for changes that break clients of the older one: a removed path or operation, a new
/// required parameter or request field, a removed response field. Additions are fine.
/// </summary>
public static class OpenApiCompatibility
{
    static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<BreakingChange> Compare(JsonNode previous, JsonNode current)
    {
        var breaks = new List<BreakingChange>();
        var oldPaths = previous["paths"]?.AsObject() ?? [];
        var newPaths = current["paths"]?.AsObject() ?? [];
        foreach (var (path, oldItem) in oldPaths)
        {
            foreach (var method in Methods.Where(m => oldItem?[m] is not null))
            {
                var operation = $"{method.ToUpperInvariant()} {path}";
                var newOperation = newPaths[path]?[method];
                if (newOperation is null)
                {
                    breaks.Add(new BreakingChange(operation, "the operation was removed"));
                    continue;
                }
                CompareParameters(operation, oldItem![method]!, newOperation, breaks);
                CompareRequestBody(operation, oldItem![method]!, newOperation, previous, current, breaks);
                CompareResponses(operation, oldItem![method]!, newOperation, previous, current, breaks);
            }
        }
        return breaks;
    }

    static void CompareParameters(string operation, JsonNode oldOperation, JsonNode newOperation, List<BreakingChange> breaks)
    {
        var before = Parameters(oldOperation);
        foreach (var (key, required) in Parameters(newOperation).Where(p => p.Value))
        {
            if (!before.TryGetValue(key, out var wasRequired) || !wasRequired)
                breaks.Add(new BreakingChange(operation, $"parameter '{key.Name}' ({key.In}) is now required"));
        }
    }

    static Dictionary<(string Name, string In), bool> Parameters(JsonNode operation) =>
        (operation["parameters"]?.AsArray() ?? [])
        .Where(p => p is not null)
        .ToDictionary(p => ((string)p!["name"]!, (string)p["in"]!), p => p!["required"]?.GetValue<bool>() ?? false);

    static void CompareRequestBody(string operation, JsonNode oldOperation, JsonNode newOperation, JsonNode previous, JsonNode current, List<BreakingChange> breaks)
    {
        var before = Schema(oldOperation["requestBody"]?["content"]?["application/json"]?["schema"], previous);
        var after = Schema(newOperation["requestBody"]?["content"]?["application/json"]?["schema"], current);
        if (after is null)
            return;
        var wasRequired = Required(before);
        foreach (var field in Required(after).Where(f => !wasRequired.Contains(f)))
            breaks.Add(new BreakingChange(operation, $"request field '{field}' is now required"));
    }

    static void CompareResponses(string operation, JsonNode oldOperation, JsonNode newOperation, JsonNode previous, JsonNode current, List<BreakingChange> breaks)
    {
        foreach (var (status, oldResponse) in oldOperation["responses"]?.AsObject() ?? [])
        {
            if (!status.StartsWith('2'))
                continue;
            var before = Properties(Schema(oldResponse?["content"]?["application/json"]?["schema"], previous));
            var after = Properties(Schema(newOperation["responses"]?[status]?["content"]?["application/json"]?["schema"], current));
            foreach (var field in before.Where(f => !after.Contains(f)))
                breaks.Add(new BreakingChange(operation, $"response field '{field}' ({status}) was removed"));
        }
    }

    /// <summary>Follows <c>$ref</c> and array items to the object schema that holds the fields.</summary>
    static JsonNode? Schema(JsonNode? schema, JsonNode document)
    {
        for (var depth = 0; schema is not null && depth < 10; depth++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                schema = document["components"]?["schemas"]?[reference["#/components/schemas/".Length..]];
            else if (schema["type"]?.GetValue<string>() == "array")
                schema = schema["items"];
            else
                return schema;
        }
        return schema;
    }

    static HashSet<string> Properties(JsonNode? schema) =>
        (schema?["properties"]?.AsObject() ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    static HashSet<string> Required(JsonNode? schema) =>
        (schema?["required"]?.AsArray() ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
}
