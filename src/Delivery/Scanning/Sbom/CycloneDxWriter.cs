using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Delivery.Scanning.Sbom;

/// <summary>
/// Writes an <see cref="SbomDocument"/> as CycloneDX 1.5 JSON (https://cyclonedx.org/docs/1.5/json/): the subject as
/// <c>metadata.component</c>, its contents as <c>components</c>. Licenses are written by name, because Debian's short
/// names (<c>GPL-2+</c>, <c>BSD-3-clause</c>) are not all SPDX ids and an invalid <c>license.id</c> fails validation.
/// The relaxed encoder keeps <c>+</c> and <c>&amp;</c> (in versions and purls) readable; the file is never embedded in HTML.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.5";
    const string ToolName = "pazpaz-delivery";

    public static string Write(SbomDocument document)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("bomFormat", "CycloneDX");
            json.WriteString("specVersion", SpecVersion);
            json.WriteString("serialNumber", $"urn:uuid:{document.SerialNumber:D}");
            json.WriteNumber("version", 1);

            json.WriteStartObject("metadata");
            json.WriteString("timestamp", document.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("tools");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "application");
            json.WriteString("name", ToolName);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WritePropertyName("component");
            WriteComponent(json, document.Subject);
            json.WriteEndObject();

            json.WriteStartArray("components");
            foreach (var component in document.Components)
                WriteComponent(json, component);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void WriteComponent(Utf8JsonWriter json, SbomComponent component)
    {
        json.WriteStartObject();
        json.WriteString("type", component.Type);
        if (component.BomRef is { } bomRef)
            json.WriteString("bom-ref", bomRef);
        json.WriteString("name", component.Name);
        json.WriteString("version", component.Version);
        if (component.Description is { } description)
            json.WriteString("description", description);
        if (component.Hashes.Count > 0)
        {
            json.WriteStartArray("hashes");
            foreach (var (algorithm, content) in component.Hashes)
            {
                json.WriteStartObject();
                json.WriteString("alg", algorithm);
                json.WriteString("content", content);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (component.Licenses.Count > 0)
        {
            json.WriteStartArray("licenses");
            foreach (var license in component.Licenses)
            {
                json.WriteStartObject();
                json.WriteStartObject("license");
                json.WriteString("name", license);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (component.Purl is { } purl)
            json.WriteString("purl", purl);
        if (component.Properties.Count > 0)
        {
            json.WriteStartArray("properties");
            foreach (var (name, value) in component.Properties)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("value", value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
