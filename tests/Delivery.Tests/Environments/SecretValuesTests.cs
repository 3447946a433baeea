using System.Text.Json;
using BuildEngine.Logging;
using Delivery.Environments;

namespace Delivery.Tests.Environments;

public sealed class SecretValuesTests
{
    [Fact]
    public void Rendering_shows_names_never_values()
    {
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var values = new SecretValues(new Dictionary<string, string> { ["PAZPAZ_DATABASE_PASSWORD"] = secret, ["PAZPAZ_SENTRY_DSN"] = secret + "dsn" });

        Assert.Equal("SecretValues(PAZPAZ_DATABASE_PASSWORD, PAZPAZ_SENTRY_DSN; values hidden)", values.ToString());
        Assert.Equal("SecretValues(PAZPAZ_DATABASE_PASSWORD, PAZPAZ_SENTRY_DSN; values hidden)", $"{values}");
        Assert.Equal("{\"PAZPAZ_DATABASE_PASSWORD\":\"***\",\"PAZPAZ_SENTRY_DSN\":\"***\"}", JsonSerializer.Serialize(values));
        Assert.Equal("{\"Secrets\":{\"PAZPAZ_DATABASE_PASSWORD\":\"***\",\"PAZPAZ_SENTRY_DSN\":\"***\"}}", JsonSerializer.Serialize(new { Secrets = values }));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<SecretValues>("{}"));
        Assert.Equal(secret, values.Reveal("PAZPAZ_DATABASE_PASSWORD"));
        Assert.Equal("Secret 'PAZPAZ_WEBHOOK_URL' was not loaded. Loaded: PAZPAZ_DATABASE_PASSWORD, PAZPAZ_SENTRY_DSN.",
            Assert.Throws<KeyNotFoundException>(() => values.Reveal("PAZPAZ_WEBHOOK_URL")).Message);
    }

    [Fact]
    public void Registered_values_are_masked_in_any_log_text_including_their_url_encoded_form()
    {
        var secret = "p@ss/" + Guid.NewGuid().ToString("N");
        new SecretValues(new Dictionary<string, string> { ["PAZPAZ_DATABASE_PASSWORD"] = secret }).RegisterWithMasker();

        Assert.Equal("password=*** dsn=postgresql://postgres:***@postgres/pazpaz",
            SecretMasker.Redact($"password={secret} dsn=postgresql://postgres:{Uri.EscapeDataString(secret)}@postgres/pazpaz"));
    }

    [Fact]
    public void The_names_hash_changes_with_the_set_of_names_not_the_values()
    {
        var a = new SecretValues(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });
        var b = new SecretValues(new Dictionary<string, string> { ["B"] = "x", ["A"] = "y" });
        var c = new SecretValues(new Dictionary<string, string> { ["A"] = "1" });

        Assert.Equal(a.NamesHash(), b.NamesHash());
        Assert.NotEqual(a.NamesHash(), c.NamesHash());
        Assert.Matches("^[0-9a-f]{64}$", a.NamesHash());
    }
}
