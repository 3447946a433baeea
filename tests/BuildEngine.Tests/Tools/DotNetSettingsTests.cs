using BuildEngine.Tooling;
using BuildEngine.Tools.DotNet;

namespace BuildEngine.Tests.Tools;

public sealed class DotNetSettingsTests
{
    [Fact]
    public void Test_settings_render_the_argument_vector()
    {
        var settings = new DotNetTestSettings()
            .SetProjectFile("tests/A.Tests/A.Tests.csproj")
            .SetConfiguration("Release")
            .EnableNoBuild()
            .SetResultsDirectory("/repo/artifacts/test-results")
            .AddLoggers("trx;LogFileName=A.Tests.trx")
            .EnableDisableBuildServers();

        Assert.Equal(
            ["test", "tests/A.Tests/A.Tests.csproj", "--configuration", "Release", "--no-build", "--results-directory", "/repo/artifacts/test-results",
             "--logger", "trx;LogFileName=A.Tests.trx", "--disable-build-servers", "--nologo"],
            settings.GetArguments());
    }

    [Fact]
    public void Fluent_setters_return_copies_so_layers_never_leak()
    {
        var baseSettings = new DotNetBuildSettings().SetConfiguration("Debug");

        var release = baseSettings.SetConfiguration("Release").SetProperty("ContinuousIntegrationBuild", true);

        Assert.Equal("Debug", baseSettings.Configuration);
        Assert.Empty(baseSettings.Properties);
        Assert.Contains("-p:ContinuousIntegrationBuild=True", release.GetArguments());
    }

    [Fact]
    public void Base_then_custom_settings_apply_in_that_order()
    {
        Configure<DotNetTestSettings> settingsBase = _ => _.SetConfiguration("Debug").SetFilter("Category!=Slow");
        Configure<DotNetTestSettings> custom = _ => _.SetConfiguration("Release");

        var settings = new DotNetTestSettings().Apply(settingsBase).Apply(custom)
            .When(true, _ => _.SetProcessWorkingDirectory("/repo"))
            .When(false, _ => _.SetFilter("never"));

        Assert.Equal(("Release", "Category!=Slow", "/repo"), (settings.Configuration, settings.Filter, settings.ProcessWorkingDirectory));
    }
}
