using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildEngine.Logging;

namespace Delivery.Environments;

/// <summary>
/// Secret values held in memory. Nothing that renders this object shows a value: <see cref="ToString"/>, the debugger
/// and JSON serialisation give names only. A value leaves only through <see cref="Reveal"/>, at the point of use.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
[DebuggerTypeProxy(typeof(NamesOnly))]
[JsonConverter(typeof(NamesOnlyConverter))]
public sealed class SecretValues
{
    readonly IReadOnlyDictionary<string, string> _values;

    public SecretValues(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);

    public static SecretValues Empty { get; } = new(new Dictionary<string, string>());

    public IReadOnlyList<string> Names => _values.Keys.Order(StringComparer.Ordinal).ToList();

    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The value, for the one place that hands it to a process or a file; never log the result.</summary>
    public string Reveal(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"Secret '{name}' was not loaded. Loaded: {(Names.Count > 0 ? string.Join(", ", Names) : "none")}.");

    public string? RevealOrNull(string name) => _values.GetValueOrDefault(name);

    /// <summary>
    /// Registers every value (and its URL-encoded form, as it appears in DSNs) with the build engine's masker, so any
    /// log line, exception message or process dump shows <c>***</c> instead. Call it right after loading.
    /// </summary>
    public SecretValues RegisterWithMasker()
    {
        foreach (var value in _values.Values)
        {
            SecretMasker.Register(value);
            SecretMasker.Register(Uri.EscapeDataString(value));
        }
        return this;
    }

    /// <summary>SHA-256 of the sorted names: what audit records carry, so a changed set is visible without any value.</summary>
    public string NamesHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', Names))));

    public override string ToString() => $"SecretValues({(Names.Count > 0 ? string.Join(", ", Names) : "none")}; values hidden)";

    sealed class NamesOnly(SecretValues values)
    {
        [DebuggerBrowsable(DebuggerBrowsableState.RootHidden)]
        public IReadOnlyList<string> Names { get; } = values.Names;
    }

    sealed class NamesOnlyConverter : JsonConverter<SecretValues>
    {
        public override SecretValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Secret values are never read from JSON: use SecretSource (environment, CI secrets or an age-encrypted file).");

        public override void Write(Utf8JsonWriter writer, SecretValues value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var name in value.Names)
                writer.WriteString(name, SecretMasker.Mask);
            writer.WriteEndObject();
        }
    }
}
