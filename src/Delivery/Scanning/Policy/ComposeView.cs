namespace Delivery.Scanning.Policy;

/// <summary>
/// One way the compose files are used, with each service as compose would see it: <c>compose.yaml</c> merged with one
/// overlay (<c>compose.&lt;env&gt;.yaml</c>), or <c>compose.yaml</c> alone when there is no overlay.
/// </summary>
public sealed record ComposeView(string Name, IReadOnlyList<string> Files, IReadOnlyList<ComposeService> Services)
{
    static readonly string[] BaseNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <summary>The views of one folder's files; with no base file among them, each file is its own view.</summary>
    public static IReadOnlyList<ComposeView> Of(IReadOnlyList<ComposeFile> files)
    {
        var baseFile = files.FirstOrDefault(f => BaseNames.Contains(Path.GetFileName(f.Location)));
        if (baseFile is null)
            return files.Select(f => new ComposeView(Path.GetFileName(f.Location), [f.Location], f.Services)).ToList();
        var overlays = files.Where(f => f != baseFile).ToList();
        if (overlays.Count == 0)
            return [new ComposeView(Path.GetFileName(baseFile.Location), [baseFile.Location], baseFile.Services)];
        return overlays.Select(o => new ComposeView(EnvironmentOf(o.Location), [baseFile.Location, o.Location], Merge(baseFile, o))).ToList();
    }

    static List<ComposeService> Merge(ComposeFile baseFile, ComposeFile overlay)
    {
        var overlaid = overlay.Services.ToDictionary(s => s.Name);
        var services = new List<ComposeService>();
        foreach (var service in baseFile.Services)
        {
            if (!overlaid.TryGetValue(service.Name, out var over))
                services.Add(service);
            else if (ComposeMerge.Merge(service.Settings, over.Settings, service.Name) is ComposeMapping merged)
                services.Add(service with { Settings = merged });
        }
        services.AddRange(overlay.Services.Where(s => baseFile.Services.All(b => b.Name != s.Name)));
        return services;
    }

    /// <summary><c>compose/compose.prod.yaml</c> is the view "prod".</summary>
    static string EnvironmentOf(string location)
    {
        var name = Path.GetFileName(location);
        var parts = name.Split('.');
        return parts.Length == 3 ? parts[1] : name;
    }
}
