using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Audit;

/// <summary>
/// One ledger record: who did what to which environment, with which image, and how it ended.
/// It has no field for secret values or patient data: secrets appear only as <see cref="SecretNamesHash"/>, a hash of
/// their names, and <see cref="AuditGuard"/> refuses values that look like credentials.
/// <see cref="Sequence"/>, <see cref="PreviousHash"/> and <see cref="Hash"/> are filled by <see cref="ReleaseLedger.Append"/>.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>Version of the canonical form below; a new field means a new version, old records keep theirs.</summary>
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;
    public required string DeployId { get; init; }
    public long Sequence { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Environment { get; init; }
    public required AuditAction Action { get; init; }
    /// <summary>CI actor and/or git e-mail of whoever started the deploy.</summary>
    public required string Actor { get; init; }
    public IReadOnlyList<string>? Hosts { get; init; }
    public string? GitSha { get; init; }
    public string? ImageRepo { get; init; }
    /// <summary>The digest this event is about: the candidate for started/phase/switched/failed, the live one after succeeded/rolled_back.</summary>
    public string? Digest { get; init; }
    /// <summary>The digest that was live before (after rolled_back: the one rolled away from).</summary>
    public string? PreviousDigest { get; init; }
    public string? Colour { get; init; }
    public string? Phase { get; init; }
    /// <summary>Alembic revision before and after the migrate phase.</summary>
    public string? MigrationBefore { get; init; }
    public string? MigrationAfter { get; init; }
    public long? DurationMs { get; init; }
    public IReadOnlyDictionary<string, long>? PhaseTimingsMs { get; init; }
    public string? Result { get; init; }
    public string? FailureReason { get; init; }
    public string? EngineVersion { get; init; }
    /// <summary><see cref="HashSecretNames"/> of the secret names the deploy used: shows a change of secret set, never a value.</summary>
    public string? SecretNamesHash { get; init; }
    public string? PreviousHash { get; init; }
    public string? Hash { get; init; }

    internal static readonly JsonSerializerOptions FileOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A key added by hand is an edit too: refuse it rather than silently drop it from the hash.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, FileOptions) + "\n";

    public static AuditEvent FromJson(string json) =>
        JsonSerializer.Deserialize<AuditEvent>(json, FileOptions) ?? throw new JsonException("the file holds null, not an audit record");

    /// <summary>"sha256:" + lowercase hex of SHA-256 over <see cref="Canonical"/>.</summary>
    public string ComputeHash() => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())));

    /// <summary>
    /// The bytes the hash covers, every field except <see cref="Hash"/>: a JSON object with the keys in the fixed order
    /// below (not alphabetical, not the file's order), no whitespace, nulls written as <c>null</c>, UTF-8, integers in
    /// invariant culture, <see cref="Time"/> as UTC <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, <see cref="Action"/> snake_case,
    /// <see cref="PhaseTimingsMs"/> keys sorted ordinally, and strings escaped as RFC 8785 (JCS) does: only <c>"</c>,
    /// <c>\</c> and control characters, so the form does not depend on a JSON library's escaping defaults.
    /// </summary>
    public string Canonical()
    {
        var json = new StringBuilder(512).Append('{');
        var first = true;
        void Key(string name)
        {
            if (!first) json.Append(',');
            first = false;
            WriteString(json, name);
            json.Append(':');
        }
        void Str(string name, string? value)
        {
            Key(name);
            if (value is null) json.Append("null");
            else WriteString(json, value);
        }
        void Int(string name, long? value)
        {
            Key(name);
            json.Append(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null");
        }

        Int("schema", Schema);
        Str("deployId", DeployId);
        Int("sequence", Sequence);
        Str("time", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        Str("environment", Environment);
        Str("action", JsonNamingPolicy.SnakeCaseLower.ConvertName(Action.ToString()));
        Str("actor", Actor);
        Key("hosts");
        if (Hosts is null) json.Append("null");
        else
        {
            json.Append('[');
            for (var i = 0; i < Hosts.Count; i++)
            {
                if (i > 0) json.Append(',');
                WriteString(json, Hosts[i]);
            }
            json.Append(']');
        }
        Str("gitSha", GitSha);
        Str("imageRepo", ImageRepo);
        Str("digest", Digest);
        Str("previousDigest", PreviousDigest);
        Str("colour", Colour);
        Str("phase", Phase);
        Str("migrationBefore", MigrationBefore);
        Str("migrationAfter", MigrationAfter);
        Int("durationMs", DurationMs);
        Key("phaseTimingsMs");
        if (PhaseTimingsMs is null) json.Append("null");
        else
        {
            json.Append('{');
            var firstTiming = true;
            foreach (var (phase, ms) in PhaseTimingsMs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!firstTiming) json.Append(',');
                firstTiming = false;
                WriteString(json, phase);
                json.Append(':').Append(ms.ToString(CultureInfo.InvariantCulture));
            }
            json.Append('}');
        }
        Str("result", Result);
        Str("failureReason", FailureReason);
        Str("engineVersion", EngineVersion);
        Str("secretNamesHash", SecretNamesHash);
        Str("previousHash", PreviousHash);
        return json.Append('}').ToString();
    }

    /// <summary>Hash of the distinct secret names, sorted, one per line; the values never reach this type.</summary>
    public static string HashSecretNames(IEnumerable<string> names) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))));

    static void WriteString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
