using System.Globalization;
using System.Text;

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

    /// <summary>Gauges (or any type) in the exposition format, each with the environment label first, then its own.</summary>
    public static string Render(string environment, IEnumerable<(string Name, string Type, string Help, string Labels, double Value)> metrics)
    {
        var text = new StringBuilder();
        foreach (var (name, type, help, labels, value) in metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            var all = string.Join(',', new[] { $"environment=\"{environment}\"", labels }.Where(l => l.Length > 0));
            text.Append(CultureInfo.InvariantCulture, $"{name}{{{all}}} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }
}
