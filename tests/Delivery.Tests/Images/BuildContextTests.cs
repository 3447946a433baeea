using System.Formats.Tar;
using BuildEngine.IO;
using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class BuildContextTests : IDisposable
{
    readonly AbsolutePath _context = AbsolutePath.Create(Directory.CreateTempSubdirectory("context-").FullName);

    public BuildContextTests()
    {
        (_context / "Dockerfile").WriteAllText("FROM debian:trixie-slim\n");
        (_context / "app" / "main.py").WriteAllText("print('hi')\n");
        (_context / "app" / "__pycache__" / "main.pyc").WriteAllText("x");
        (_context / ".env").WriteAllText("TOKEN=never-in-an-image\n");
        (_context / ".dockerignore").WriteAllText("**/__pycache__\n.env\nDockerfile\n");
    }

    [Fact]
    public void The_context_honours_dockerignore_but_always_carries_the_dockerfile()
    {
        Assert.Equal([".dockerignore", "Dockerfile", "app/main.py"], BuildContext.Files(_context));
    }

    [Fact]
    public void The_archive_is_deterministic_and_holds_generated_files()
    {
        var extra = new Dictionary<string, byte[]> { ["build-ca.pem"] = "CA"u8.ToArray() };

        using var first = BuildContext.CreateArchive(_context, extra);
        File.SetLastWriteTimeUtc(_context / "app" / "main.py", DateTime.UtcNow.AddDays(-3));
        using var second = BuildContext.CreateArchive(_context, extra);

        Assert.Equal(first.ToArray(), second.ToArray());
        using var reader = new TarReader(new MemoryStream(first.ToArray()));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
            names.Add(entry.Name);
        Assert.Equal([".dockerignore", "Dockerfile", "app/main.py", "build-ca.pem"], names);
    }

    [Fact]
    public void Shared_folders_travel_under_their_repository_path_after_the_context()
    {
        var shared = AbsolutePath.Create(Directory.CreateTempSubdirectory("shared-").FullName);
        (shared / "snippets" / "tls.conf").WriteAllText("ssl_protocols TLSv1.2 TLSv1.3;\n");
        (shared / "nginx.conf").WriteAllText("events {}\n");

        using var archive = BuildContext.CreateArchive(_context, sharedFolders: [new SharedFolder("nginx", shared)]);

        using var reader = new TarReader(new MemoryStream(archive.ToArray()));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
            names.Add(entry.Name);
        Assert.Equal([".dockerignore", "Dockerfile", "app/main.py", "nginx/nginx.conf", "nginx/snippets/tls.conf"], names);
        shared.DeleteDirectory();
    }

    public void Dispose() => _context.DeleteDirectory();
}
