using System.Text;
using System.Text.Json;
using BuildEngine.Execution;
using BuildEngine.IO;
using BuildEngine.Parameters;

namespace BuildEngine.Cli;

/// <summary><c>.nuke/build.schema.json</c>: the parameters and targets as a JSON schema, for editors and shell completion.</summary>
static class BuildSchema
{
    public static string Generate(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-04/schema#");
            json.WriteString("title", "Build Schema");
            json.WriteStartObject("definitions");
            WriteEnum(json, "ExecutableTarget", targets.Select(t => t.Name));
            WriteEnum(json, "Verbosity", Enum.GetNames<Verbosity>());
            WriteEnum(json, "LogFormat", Enum.GetNames<Logging.LogFormat>());
            foreach (var enumType in parameters.Select(p => Element(p.Type)).Where(t => t.IsEnum).Distinct())
                WriteEnum(json, enumType.Name, Enum.GetNames(enumType));
            json.WriteStartObject("NukeBuild");
            json.WriteStartObject("properties");
            foreach (var builtIn in BuiltInParameters.All)
                WriteBuiltIn(json, builtIn);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("allOf");
            json.WriteStartObject();
            json.WriteStartObject("properties");
            foreach (var parameter in parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject(parameter.Name);
                json.WriteString("description", parameter.Description ?? "");
                WriteType(json, parameter.Type);
                if (parameter.IsSecret)
                    json.WriteString("default", "Secrets come from the environment or the command line, never from a parameters file");
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("$ref", "#/definitions/NukeBuild");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void WriteBuiltIn(Utf8JsonWriter json, BuiltInParameters.BuiltIn builtIn)
    {
        json.WriteStartObject(builtIn.Name);
        json.WriteString("description", builtIn.Description);
        switch (builtIn.Name)
        {
            case "Skip" or "Target":
                json.WriteString("type", "array");
                json.WriteStartObject("items");
                json.WriteString("$ref", "#/definitions/ExecutableTarget");
                json.WriteEndObject();
                break;
            case "Verbosity" or "LogFormat":
                json.WriteString("$ref", $"#/definitions/{builtIn.Name}");
                break;
            case "Profile":
                json.WriteString("type", "array");
                json.WriteStartObject("items");
                json.WriteString("type", "string");
                json.WriteEndObject();
                break;
            default:
                json.WriteString("type", builtIn.Type == "flag" ? "boolean" : "string");
                break;
        }
        json.WriteEndObject();
    }

    static void WriteType(Utf8JsonWriter json, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (ValueConverter.ElementType(underlying) is { } element)
        {
            json.WriteString("type", "array");
            json.WriteStartObject("items");
            WriteType(json, element);
            json.WriteEndObject();
        }
        else if (underlying.IsEnum)
            json.WriteString("$ref", $"#/definitions/{underlying.Name}");
        else
            json.WriteString("type", underlying == typeof(bool) ? "boolean" : underlying == typeof(int) || underlying == typeof(long) ? "integer" : "string");
    }

    static void WriteEnum(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "string");
        json.WriteStartArray("enum");
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static Type Element(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return ValueConverter.ElementType(underlying) is { } element ? Nullable.GetUnderlyingType(element) ?? element : underlying;
    }
}

/// <summary>
/// A file the build generates and keeps in git; CI fails when the committed copy is stale. No content means the file
/// must not exist (a workflow whose jobs all wait for targets the build does not have yet).
/// </summary>
public sealed record GeneratedFile(string RelativePath, string? Content, string Command)
{
    public bool IsUpToDate(AbsolutePath root)
    {
        var path = root / RelativePath;
        return Content is null ? !path.FileExists() : path.FileExists() && path.ReadAllText().ReplaceLineEndings("\n") == Content;
    }

    public void Write(AbsolutePath root)
    {
        var path = root / RelativePath;
        if (Content is null)
            path.DeleteFile();
        else
            path.WriteAllText(Content);
    }
}
