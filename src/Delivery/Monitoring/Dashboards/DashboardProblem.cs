namespace Delivery.Monitoring.Dashboards;

/// <summary>One lint finding: the file it is in and what is wrong, said so the fix is obvious.</summary>
public sealed record DashboardProblem(string File, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}
