namespace Delivery.Deployment;

/// <summary>What <c>docker inspect</c> says about a slot's container (absent when it does not exist).</summary>
public sealed record SlotState(Colour Colour, bool Exists, string Status, string Health, int Restarts, string Image, string Digest)
{
    public bool Running => Status == "running";

    public static SlotState Absent(Colour colour) => new(colour, false, "absent", "none", 0, "", "");

    /// <summary>Parses <see cref="DeploymentPlanner.InspectSlot"/>'s one line: status health restarts image digest.</summary>
    public static SlotState Parse(Colour colour, string line)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var restarts))
            throw new DeploymentException($"Cannot read the {colour.Name()} slot's state from docker inspect: '{line.Trim()}'.");
        return new SlotState(colour, true, parts[0], parts[1], restarts, parts[3], parts.Length > 4 ? parts[4] : "");
    }
}
