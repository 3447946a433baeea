using System.Security.Cryptography;

namespace Delivery.Audit;

/// <summary>
/// ULID-shaped deploy ids: 48 bits of Unix milliseconds then 80 random bits, Crockford base32, 26 characters.
/// Ids sort by start time as plain strings, so a directory listing or <c>sort</c> orders deploys; no package needed.
/// </summary>
public static class DeployId
{
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(TimeProvider? clock = null)
    {
        var milliseconds = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 5; i >= 0; i--, milliseconds >>= 8)
            bytes[i] = (byte)milliseconds;
        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    public static bool IsValid(string? id) =>
        id is { Length: 26 } && id[0] <= '7' && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 five-bit groups, most significant first (the first group holds only 3 bits, hence '0'..'7').
        var value = new UInt128(
            (ulong)bytes[0] << 56 | (ulong)bytes[1] << 48 | (ulong)bytes[2] << 40 | (ulong)bytes[3] << 32 | (ulong)bytes[4] << 24 | (ulong)bytes[5] << 16 | (ulong)bytes[6] << 8 | bytes[7],
            (ulong)bytes[8] << 56 | (ulong)bytes[9] << 48 | (ulong)bytes[10] << 40 | (ulong)bytes[11] << 32 | (ulong)bytes[12] << 24 | (ulong)bytes[13] << 16 | (ulong)bytes[14] << 8 | bytes[15]);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--, value >>= 5)
            chars[i] = Alphabet[(int)(value & 31)];
        return new string(chars);
    }
}
