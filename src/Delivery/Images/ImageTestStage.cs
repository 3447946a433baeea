using System.Formats.Tar;
using BuildEngine.IO;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Images;

/// <summary>
/// An image whose Dockerfile has a <c>test</c> stage: the stage runs the service's own tests and leaves JUnit results at
/// <see cref="ResultsPath"/>, which the Test target copies out of the stage's image.
/// </summary>
public static class ImageTestStage
{
    public const string Stage = "test";
    public const string ResultsPath = "/test-results/junit.xml";

    public static bool Has(ImageDefinition image) =>
        File.ReadLines(image.Context / image.Dockerfile).Any(line => line.TrimEnd().EndsWith($" AS {Stage}", StringComparison.OrdinalIgnoreCase));

    /// <summary>Copies the results file out of an image without running it.</summary>
    public static async Task ExtractResultsAsync(IDockerClient client, string image, AbsolutePath destination, CancellationToken cancellation = default)
    {
        var container = await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = image, Cmd = ["true"] }, cancellation);
        try
        {
            var archive = await client.Containers.GetArchiveFromContainerAsync(container.ID, new ContainerPathStatParameters { Path = ResultsPath }, false, cancellation);
            using var reader = new TarReader(archive.Stream ?? throw new InvalidOperationException($"The engine returned no archive for {ResultsPath}."));
            var entry = await reader.GetNextEntryAsync(copyData: true, cancellation)
                        ?? throw new InvalidOperationException($"{image} has no {ResultsPath}.");
            destination.Parent?.CreateDirectory();
            await entry.ExtractToFileAsync(destination, overwrite: true, cancellation);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellation);
        }
    }
}
