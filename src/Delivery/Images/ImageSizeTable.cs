using System.Globalization;
using System.Text;

namespace Delivery.Images;

/// <summary>The summary at the end of DockerBuild: one row per image.</summary>
public static class ImageSizeTable
{
    public static string Render(IReadOnlyCollection<BuiltImage> images)
    {
        var width = Math.Max(images.Select(i => i.Definition.Name.Length).DefaultIfEmpty(0).Max(), 5) + 2;
        var text = new StringBuilder();
        var header = $"{"Image".PadRight(width)}{"Size",10}{"Build",9}  Tags";
        text.AppendLine(header).AppendLine(new string('─', header.Length + 24));
        foreach (var image in images)
            text.AppendLine(CultureInfo.InvariantCulture, $"{image.Definition.Name.PadRight(width)}{image.SizeBytes / 1e6,7:0.0} MB{image.Duration.TotalSeconds,7:0.0} s  {string.Join(", ", image.Tags)}");
        return text.ToString();
    }
}
