using BuildEngine.IO;

namespace BuildEngine.Tests.IO;

public sealed class AbsolutePathTests
{
    [Fact]
    public void Slash_combines_and_normalises()
    {
        var root = AbsolutePath.Create("/repo");

        Assert.Equal("/repo/src/api", (string)(root / "src" / "api"));
        Assert.Equal("/repo/src", (string)(root / "src/api/.."));
        Assert.Equal("/repo", (string)(root / "src" / ".."));
        Assert.Equal("/repo/a.txt.bak", (string)(root / "a.txt" + ".bak"));
    }

    [Fact]
    public void Parts_of_a_path()
    {
        var file = AbsolutePath.Create("/repo/artifacts/test-results/Engine.Tests.trx");

        Assert.Equal("Engine.Tests.trx", file.Name);
        Assert.Equal("Engine.Tests", file.NameWithoutExtension);
        Assert.Equal(".trx", file.Extension);
        Assert.Equal(AbsolutePath.Create("/repo/artifacts/test-results"), file.Parent);
    }

    [Fact]
    public void A_relative_string_is_refused_unless_a_base_is_given()
    {
        var error = Assert.Throws<ArgumentException>(() => (AbsolutePath)"relative/path");

        Assert.Contains("is not rooted", error.Message);
        Assert.Equal("/base/relative/path", (string)AbsolutePath.Resolve("relative/path", "/base"));
        Assert.Equal("/elsewhere", (string)AbsolutePath.Resolve("/elsewhere", "/base"));
    }

    [Theory]
    [InlineData("*.trx", "a.trx", true)]
    [InlineData("*.trx", "sub/a.trx", false)]
    [InlineData("**/*.trx", "sub/deeper/a.trx", true)]
    [InlineData("**/*.trx", "a.trx", true)]
    [InlineData("tests/*/*.Tests.csproj", "tests/Engine/Engine.Tests.csproj", true)]
    [InlineData("tests/*/*.Tests.csproj", "tests/Engine/Engine.csproj", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    public void Globs_match_slash_separated_relative_paths(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, Glob.ToRegex(pattern).IsMatch(path));
    }

    [Fact]
    public void GlobFiles_finds_files_below_a_folder_in_a_stable_order()
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("glob-").FullName);
        try
        {
            (root / "b" / "two.trx").WriteAllText("2");
            (root / "a" / "one.trx").WriteAllText("1");
            (root / "a" / "note.txt").WriteAllText("x");

            var found = root.GlobFiles("**/*.trx").Select(f => root.GetUnixRelativePathTo(f));

            Assert.Equal(["a/one.trx", "b/two.trx"], found);
        }
        finally
        {
            root.DeleteDirectory();
        }
    }
}
