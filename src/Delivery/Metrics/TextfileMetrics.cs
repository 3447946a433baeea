namespace Delivery.Metrics;

/// <summary>Files for node_exporter's textfile collector, written so a scrape never reads half of one.</summary>
public static class TextfileMetrics
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="directory"/>/<paramref name="name"/>.prom through a temp file and a rename.</summary>
    public static string WriteTo(string directory, string name, string content)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, name + ".prom");
        // The collector reads only *.prom: the temp name is invisible to it until the rename.
        var temporary = Path.Combine(directory, $".{name}.prom.{Guid.NewGuid():N}");
        File.WriteAllText(temporary, content);
        File.Move(temporary, target, overwrite: true);
        return target;
    }
}
