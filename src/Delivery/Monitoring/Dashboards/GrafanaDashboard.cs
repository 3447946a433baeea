using System.Text.Json;
using System.Text.Json.Nodes;

namespace Delivery.Monitoring.Dashboards;

/// <summary>Where a datasource is named: a panel, a panel's target, an annotation or a template variable.</summary>
public sealed record DatasourceReference(string Where, string? Type, string? Uid);

/// <summary>A PromQL expression of a target, an annotation or a query variable, with the datasource it runs against.</summary>
public sealed record DashboardQuery(string Where, string Expression, DatasourceReference? Datasource);

/// <summary>A <c>datasource</c>-type template variable: <c>${DS}</c> resolves to a datasource of plugin type <see cref="PluginType"/>.</summary>
public sealed record DatasourceVariable(string Name, string PluginType, string? Current);

/// <summary>
/// A dashboard JSON file reduced to what the lint checks: its uid and title, every datasource reference and every
/// PromQL expression, found in panels (rows' nested panels too), annotations and template variables.
/// </summary>
public sealed class GrafanaDashboard
{
    readonly List<DatasourceReference> _datasources = [];
    readonly List<DashboardQuery> _queries = [];
    readonly List<DatasourceVariable> _variables = [];

    GrafanaDashboard(string file, JsonObject root)
    {
        File = file;
        Uid = root["uid"] is JsonValue uid && uid.TryGetValue<string>(out var u) ? u : null;
        Title = root["title"] is JsonValue title && title.TryGetValue<string>(out var t) ? t : null;
        foreach (var variable in Items(root["templating"]?["list"]))
            ReadVariable(variable);
        foreach (var annotation in Items(root["annotations"]?["list"]))
        {
            var where = $"annotation '{Text(annotation["name"])}'";
            var datasource = Reference(where, annotation["datasource"]);
            var expression = Text(annotation["expr"]) ?? Text(annotation["target"]?["expr"]);
            if (expression is not null)
                _queries.Add(new(where, expression, datasource));
        }
        foreach (var panel in Items(root["panels"]))
            ReadPanel(panel);
    }

    public string File { get; }
    public string? Uid { get; }
    public string? Title { get; }
    public IReadOnlyList<DatasourceReference> Datasources => _datasources;
    public IReadOnlyList<DashboardQuery> Queries => _queries;
    public IReadOnlyList<DatasourceVariable> Variables => _variables;

    /// <summary>Parses <paramref name="file"/>; a file that is not a JSON object is reported through <paramref name="problem"/>.</summary>
    public static GrafanaDashboard? Load(string file, out DashboardProblem? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(System.IO.File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow }) is JsonObject root)
                return new GrafanaDashboard(file, root);
            problem = new(file, "is not a dashboard: the top level must be a JSON object");
        }
        catch (JsonException e)
        {
            problem = new(file, $"is not valid JSON ({e.Message})");
        }
        return null;
    }

    void ReadPanel(JsonObject panel)
    {
        var where = $"panel '{Text(panel["title"]) ?? Text(panel["id"]) ?? "untitled"}'";
        var panelSource = Reference(where, panel["datasource"]);
        foreach (var target in Items(panel["targets"]))
        {
            var targetWhere = $"{where} target {Text(target["refId"]) ?? "?"}";
            var source = Reference(targetWhere, target["datasource"]) ?? panelSource;
            if (Text(target["expr"]) is { } expression)
                _queries.Add(new(targetWhere, expression, source));
        }
        foreach (var nested in Items(panel["panels"]))
            ReadPanel(nested);
    }

    void ReadVariable(JsonObject variable)
    {
        var name = Text(variable["name"]) ?? "?";
        var type = Text(variable["type"]);
        if (type == "datasource")
        {
            var current = variable["current"]?["value"];
            _variables.Add(new(name, Text(variable["query"]) ?? "", current is JsonValue ? Text(current) : null));
            return;
        }
        if (type != "query")
            return;
        var where = $"variable '{name}'";
        var source = Reference(where, variable["datasource"]);
        var query = variable["query"] is JsonObject q ? Text(q["query"]) : Text(variable["query"]);
        if (query is not null)
            _queries.Add(new(where, VariableQuery(query), source));
    }

    /// <summary>Grafana's Prometheus variable functions wrap PromQL or a metric: <c>label_values(m, l)</c>, <c>query_result(expr)</c>.</summary>
    static string VariableQuery(string query)
    {
        var trimmed = query.Trim();
        foreach (var function in new[] { "query_result(", "label_values(", "metrics(", "label_names(" })
            if (trimmed.StartsWith(function, StringComparison.Ordinal) && trimmed.EndsWith(')'))
            {
                var inner = trimmed[function.Length..^1];
                if (function == "label_values(")
                {
                    // label_values(label) has no metric; label_values(selector, label) selects one.
                    var comma = inner.LastIndexOf(',');
                    return comma < 0 ? "" : inner[..comma];
                }
                return function == "query_result(" ? inner : "";
            }
        return query;
    }

    DatasourceReference? Reference(string where, JsonNode? node)
    {
        DatasourceReference? reference = node switch
        {
            JsonObject o => new(where, Text(o["type"]), Text(o["uid"])),
            JsonValue v when Text(v) is { } text => new(where, null, text),
            _ => null,
        };
        if (reference is not null)
            _datasources.Add(reference);
        return reference;
    }

    static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
        : null;
}
