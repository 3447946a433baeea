using System.Security.Cryptography;
using System.Text;

namespace Delivery.Backup.Attachments;

/// <summary>
/// Object key → SHA-256 of its content, in the <c>sha256sum</c> format that both <c>sha256sum</c> (over a directory)
/// and <c>rclone hashsum sha256</c> (over a bucket) print, so the two sides of a copy compare directly.
/// </summary>
public sealed class AttachmentManifest
{
    readonly SortedDictionary<string, string> _hashes;

    AttachmentManifest(SortedDictionary<string, string> hashes) => _hashes = hashes;

    public static AttachmentManifest Empty { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    public int Count => _hashes.Count;

    public IReadOnlyDictionary<string, string> Hashes => _hashes;

    public static AttachmentManifest From(IEnumerable<KeyValuePair<string, string>> hashes) =>
        new(new SortedDictionary<string, string>(hashes.ToDictionary(p => p.Key, p => p.Value.ToLowerInvariant(), StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>Reads <c>&lt;64 hex&gt;  &lt;key&gt;</c> lines; <paramref name="source"/> names where they came from in errors.</summary>
    public static AttachmentManifest Parse(string text, string source)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.Length == 0)
                continue;
            // sha256sum marks a name holding '\' or a newline with a leading '\' and escapes those characters.
            var escaped = line.StartsWith('\\');
            if (escaped)
                line = line[1..];
            if (line.Length < 67 || !line[..64].All(char.IsAsciiHexDigit) || line[64] != ' ' || line[65] is not (' ' or '*'))
                throw new AttachmentBackupException($"{source}, line {index + 1}: expected '<64 hex digits>  <key>', got '{Shorten(lines[index])}'.");
            var key = line[66..];
            if (escaped)
                key = Unescape(key);
            if (!hashes.TryAdd(key, line[..64].ToLowerInvariant()))
                throw new AttachmentBackupException($"{source}, line {index + 1}: the key '{key}' is listed twice.");
        }
        return new AttachmentManifest(hashes);
    }

    /// <summary>What <paramref name="actual"/> lacks, holds differently, or holds in addition, against this (expected) manifest.</summary>
    public ManifestDifference CompareTo(AttachmentManifest actual) => new(
        Missing: _hashes.Keys.Where(k => !actual._hashes.ContainsKey(k)).ToList(),
        Changed: _hashes.Where(p => actual._hashes.TryGetValue(p.Key, out var hash) && hash != p.Value).Select(p => p.Key).ToList(),
        Extra: actual._hashes.Keys.Where(k => !_hashes.ContainsKey(k)).ToList());

    /// <summary>The manifest as <c>sha256sum</c> prints it, sorted by key.</summary>
    public string Render() => string.Concat(_hashes.Select(p => $"{p.Value}  {p.Key}\n"));

    /// <summary>SHA-256 of <see cref="Render"/>: one value that names this exact set of objects in logs and summaries.</summary>
    public string Digest() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Render())));

    public override string ToString() => $"{Count} objects, manifest sha256:{Digest()[..12]}";

    /// <summary>Left to right, so <c>\\n</c> is a backslash and an n, not a backslash and a newline.</summary>
    static string Unescape(string key)
    {
        var text = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
            text.Append(key[i] == '\\' && i + 1 < key.Length ? key[++i] switch { 'n' => '\n', 'r' => '\r', var other => other } : key[i]);
        return text.ToString();
    }

    static string Shorten(string line) => line.Length > 100 ? line[..100] + "…" : line;
}

/// <summary>Keys missing from a copy, keys whose content differs, and keys the copy has that the original does not.</summary>
public sealed record ManifestDifference(IReadOnlyList<string> Missing, IReadOnlyList<string> Changed, IReadOnlyList<string> Extra)
{
    const int Shown = 10;

    public bool IsEmpty => Missing.Count == 0 && Changed.Count == 0 && Extra.Count == 0;

    /// <summary>One paragraph naming both sides and up to ten keys of each kind, e.g. for an exception message.</summary>
    public string Describe(string expected, string actual)
    {
        if (IsEmpty)
            return $"{actual} matches {expected}.";
        var text = new StringBuilder($"{actual} differs from {expected}:");
        Append(text, Missing, $"missing from {actual}");
        Append(text, Changed, "content differs (sha256)");
        Append(text, Extra, $"only in {actual}");
        return text.ToString();
    }

    static void Append(StringBuilder text, IReadOnlyList<string> keys, string what)
    {
        if (keys.Count == 0)
            return;
        text.Append(Environment.NewLine).Append(System.Globalization.CultureInfo.InvariantCulture, $"  {keys.Count} {what}: ")
            .Append(string.Join(", ", keys.Take(Shown).Select(k => $"'{k}'")));
        if (keys.Count > Shown)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" and {keys.Count - Shown} more");
    }
}
