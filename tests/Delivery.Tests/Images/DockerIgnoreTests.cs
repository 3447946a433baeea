using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("node_modules", "node_modules/vite/index.js", true)]
    [InlineData("node_modules/", "node_modules/vite/index.js", true)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("**/*.md", "docs/README.md", true)]
    [InlineData("/tests", "tests/test_api.py", true)]
    [InlineData("./dist", "dist/app.js", true)]
    [InlineData("**/__pycache__", "app/__pycache__/main.cpython-313.pyc", true)]
    [InlineData("secret.env", "app/secret.env", false)]
    public void A_pattern_excludes_a_path_and_what_is_under_it(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));
    }

    [Fact]
    public void The_last_matching_line_wins_and_bang_re_includes()
    {
        var ignore = DockerIgnore.Parse("# everything but the app\n*\n!app\napp/*.pyc\n!app/keep.pyc\n");

        Assert.True(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("app/main.py"));
        Assert.True(ignore.IsExcluded("app/cache.pyc"));
        Assert.False(ignore.IsExcluded("app/keep.pyc"));
    }
}
