using System.Text.Json.Nodes;
using Json.Schema;

namespace Delivery.Tests.Scanning.Sarif;

/// <summary>
/// The official SARIF 2.1.0 schema (OASIS errata01, the file GitHub's SARIF documentation links), checked in unchanged
/// as a fixture, with formats (uri, uri-reference, date-time) asserted rather than treated as annotations.
/// </summary>
static class SarifSchema
{
    const string Draft04 = "http://json-schema.org/draft-04/schema#";

    static readonly Lazy<JsonSchema> Schema = new(Load);

    /// <summary>Null when <paramref name="json"/> is a valid SARIF 2.1.0 log, else every error with its location.</summary>
    public static string? Errors(string json)
    {
        var results = Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions
        {
            OutputFormat = OutputFormat.Hierarchical,
            RequireFormatValidation = true,
        });
        return results.IsValid ? null : string.Join("\n", Failed(results).Distinct());
    }

    /// <summary>Errors of the failing branches only: a passing anyOf keeps its failed alternatives to itself.</summary>
    static IEnumerable<string> Failed(EvaluationResults node) =>
        node.IsValid
            ? []
            : (node.Errors ?? new Dictionary<string, string>()).Select(e => $"{node.InstanceLocation}: {e.Value} ({node.EvaluationPath})")
                .Concat(node.Details.SelectMany(Failed));

    /// <summary>
    /// The file declares draft-04, which JsonSchema.Net does not implement (it reads draft-06 and later). The only
    /// draft-04 keyword in it that later drafts spell differently is the root <c>id</c>, so it is read as draft-07 with
    /// <c>$id</c>: every constraint (type, enum, required, pattern, minimum, anyOf/oneOf, $ref) means the same there.
    /// </summary>
    static JsonSchema Load()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scanning", "Fixtures", "sarif-schema-2.1.0.json")))!.AsObject();
        if ((string?)document["$schema"] != Draft04)
            throw new InvalidOperationException($"The SARIF schema fixture no longer declares {Draft04}; revisit {nameof(SarifSchema)}.{nameof(Load)}.");
        document["$schema"] = "http://json-schema.org/draft-07/schema#";
        document["$id"] = (string?)document["id"];
        document.Remove("id");
        return JsonSchema.FromText(document.ToJsonString());
    }
}
