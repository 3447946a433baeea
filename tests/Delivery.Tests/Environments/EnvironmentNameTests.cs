using Delivery.Environments;

namespace Delivery.Tests.Environments;

public sealed class EnvironmentNameTests
{
    [Theory]
    [InlineData("dev", "dev")]
    [InlineData("Staging", "staging")]
    [InlineData(" PROD ", "prod")]
    public void Known_names_parse_case_insensitively(string given, string expected) =>
        Assert.Equal(expected, EnvironmentName.Parse(given).Name);

    [Fact]
    public void An_unknown_name_lists_the_known_ones_and_the_fix()
    {
        var error = Assert.Throws<EnvironmentConfigurationException>(() => EnvironmentName.Parse("production")).Message;

        Assert.Equal("Unknown environment 'production'. Known environments: dev, staging, prod. " +
                     "Pass one with --environment <name> (e.g. --environment staging); each has .nuke/parameters.<name>.json and compose/compose.<name>.yaml.", error);
    }

    [Fact]
    public void No_name_says_so()
    {
        var error = Assert.Throws<EnvironmentConfigurationException>(() => EnvironmentName.Parse(null)).Message;
        Assert.StartsWith("No environment given. Known environments: dev, staging, prod.", error);
    }

    [Fact]
    public void Names_compare_by_value() => Assert.Equal(EnvironmentName.Staging, EnvironmentName.Parse("staging"));
}
