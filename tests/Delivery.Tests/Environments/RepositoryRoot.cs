using BuildEngine.IO;

namespace Delivery.Tests.Environments;

/// <summary>The checkout the tests run from (the folder holding PazPaz.Delivery.slnx), for the committed files.</summary>
static class RepositoryRoot
{
    public static AbsolutePath Path { get; } = Find();

    static AbsolutePath Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "PazPaz.Delivery.slnx")))
                return AbsolutePath.Create(directory.FullName);
        throw new InvalidOperationException($"No PazPaz.Delivery.slnx above {AppContext.BaseDirectory}.");
    }
}
