namespace Delivery.Deployment;

/// <summary>The two api slots. One serves the public server (live); the other receives the next release.</summary>
public enum Colour
{
    Blue,
    Green,
}

public static class ColourExtensions
{
    public static Colour Other(this Colour colour) => colour == Colour.Blue ? Colour.Green : Colour.Blue;

    public static string Name(this Colour colour) => colour == Colour.Blue ? "blue" : "green";

    public static string Service(this Colour colour) => "api-" + colour.Name();
}
