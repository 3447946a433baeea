namespace Delivery.Deployment;

/// <summary>
/// What the edge sends where: the public server to the live colour (with the other as its backup while that stays warm
/// through a bake), the preview server to the other colour. The engine writes a route as a directory of markers in the
/// proxy's live/ volume and renames a link to it over live/route; nginx checks the markers on every request
/// (nginx/snippets/route.conf), so a switch takes effect at once and with no reload. <see cref="None"/>: nothing live
/// yet, both servers on blue (a new environment, no link).
/// </summary>
public sealed record Route(Colour? Live, bool Backup = false)
{
    public const string Directory = "/etc/nginx/pazpaz/live";

    public static readonly Route None = new((Colour?)null);

    public static Route To(Colour live, bool backup = false) => new(live, backup);

    /// <summary>Where the next release starts and the preview server looks.</summary>
    public Colour Idle => Live?.Other() ?? Colour.Blue;

    /// <summary>The directory's name under live/routes: <c>green</c>, <c>green+blue</c> (blue as backup), or <c>none</c>.</summary>
    public string Name => Live is not { } live ? "none" : live.Name() + (Backup ? "+" + live.Other().Name() : "");

    /// <summary>The files nginx tests for (<c>live-green</c>, <c>backup</c>).</summary>
    public IReadOnlyList<string> Markers => Live is not { } live ? [] : Backup ? ["live-" + live.Name(), "backup"] : ["live-" + live.Name()];

    /// <summary>Reads what <c>readlink live/route</c> printed (<c>routes/green+blue</c>), or <c>none</c> for no link.</summary>
    public static Route Parse(string link)
    {
        var name = link.Trim();
        name = name[(name.LastIndexOf('/') + 1)..];
        return name switch
        {
            "" or "none" => None,
            "blue" => To(Colour.Blue),
            "green" => To(Colour.Green),
            "blue+green" => To(Colour.Blue, backup: true),
            "green+blue" => To(Colour.Green, backup: true),
            _ => throw new DeploymentException($"The edge's route '{link.Trim()}' names no known state (blue, green, blue+green, green+blue). " +
                "Look at it with: docker exec <proxy> ls -l /etc/nginx/pazpaz/live/route; docs/operations/deploy.md says how to set it by hand."),
        };
    }

    public override string ToString() => Name;
}
