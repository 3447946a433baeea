using System.Text.Json.Nodes;
using Delivery.Contracts;

namespace Delivery.Tests.Contracts;

public sealed class OpenApiCompatibilityTests
{
    const string Base = """
        {
          "paths": {
            "/api/v1/workspaces/{workspace_id}/appointments": {
              "get": {
                "parameters": [
                  { "name": "workspace_id", "in": "path", "required": true },
                  { "name": "from", "in": "query", "required": false }
                ],
                "responses": { "200": { "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/AppointmentOut" } } } } } }
              },
              "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppointmentIn" } } } },
                "responses": { "201": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppointmentOut" } } } } }
              }
            },
            "/api/v1/version": { "get": { "responses": { "200": { "description": "ok" } } } }
          },
          "components": { "schemas": {
            "AppointmentIn": { "type": "object", "required": ["client_name"], "properties": { "client_name": {}, "notes": {} } },
            "AppointmentOut": { "type": "object", "properties": { "id": {}, "client_name": {}, "starts_at": {} } }
          } }
        }
        """;

    static IReadOnlyList<string> Breaks(Func<JsonNode, JsonNode> change)
    {
        var current = change(JsonNode.Parse(Base)!);
        return OpenApiCompatibility.Compare(JsonNode.Parse(Base)!, current).Select(b => b.ToString()).ToList();
    }

    [Fact]
    public void Additions_are_not_breaking()
    {
        Assert.Empty(Breaks(spec =>
        {
            spec["paths"]!["/api/v1/new"] = JsonNode.Parse("""{ "get": {} }""");
            spec["components"]!["schemas"]!["AppointmentOut"]!["properties"]!["room"] = new JsonObject();
            spec["paths"]!["/api/v1/workspaces/{workspace_id}/appointments"]!["get"]!["parameters"]!.AsArray().Add(JsonNode.Parse("""{ "name": "room", "in": "query", "required": false }"""));
            return spec;
        }));
    }

    [Fact]
    public void Each_break_is_named()
    {
        var breaks = Breaks(spec =>
        {
            spec["paths"]!.AsObject().Remove("/api/v1/version");
            spec["paths"]!["/api/v1/workspaces/{workspace_id}/appointments"]!["get"]!["parameters"]![1]!["required"] = true;
            spec["components"]!["schemas"]!["AppointmentIn"]!["required"]!.AsArray().Add("notes");
            spec["components"]!["schemas"]!["AppointmentOut"]!["properties"]!.AsObject().Remove("starts_at");
            return spec;
        });

        Assert.Equal(
        [
            "GET /api/v1/workspaces/{workspace_id}/appointments: parameter 'from' (query) is now required",
            "GET /api/v1/workspaces/{workspace_id}/appointments: response field 'starts_at' (200) was removed",
            "POST /api/v1/workspaces/{workspace_id}/appointments: request field 'notes' is now required",
            "POST /api/v1/workspaces/{workspace_id}/appointments: response field 'starts_at' (201) was removed",
            "GET /api/v1/version: the operation was removed",
        ], breaks);
    }

    [Fact]
    public void The_committed_contract_is_compatible_with_itself()
    {
        var root = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(root, "src", "services", "api", "openapi.json")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("No repository root above the test.");
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "src", "services", "api", "openapi.json")))!;

        Assert.Empty(OpenApiCompatibility.Compare(committed, committed.DeepClone()));
        Assert.NotEmpty(OpenApiCompatibility.Compare(committed, JsonNode.Parse("""{ "paths": {} }""")!));
    }
}
