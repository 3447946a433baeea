using System.Globalization;
using Delivery.Execution;

namespace Delivery.Deployment;

/// <summary>
/// An nginx reload leaves every WebSocket open until then in an old worker, which cuts it without a close frame at
/// <c>worker_shutdown_timeout</c> (<see cref="DeploymentTimings.ProxyWorkerShutdown"/>), so its client sees 1006. After
/// an operation's last reload, each running api colour closes with 1012, spread over the drain, the sockets that old
/// workers relay (the edge names the worker in <c>X-Edge-Worker</c>), and the clients reconnect through the current
/// workers to whatever is live now.
/// </summary>
public sealed class WebSocketRehoming(DeploymentPlanner planner, IStepRunner runner)
{
    /// <summary>
    /// Asks each running colour to close the sockets that nginx's old workers relay (all of them when the current
    /// workers cannot be listed); returns at once, the apis close them in the background. Best effort.
    /// </summary>
    public void Rehome(TimeSpan spread)
    {
        var current = CurrentWorkers();
        foreach (var colour in new[] { Colour.Blue, Colour.Green })
            if (runner.Probe(planner.InspectSlot(colour)) is { Succeeded: true } answer && SlotState.Parse(colour, answer.Output).Running)
                runner.TryRun(planner.Drain(colour, spread, current));
    }

    IReadOnlyList<int>? CurrentWorkers()
    {
        var answer = runner.Probe(planner.CurrentProxyWorkers());
        var pids = answer.Succeeded
            ? answer.Output.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1).ToList()
            : [];
        return pids.Count > 0 && pids.All(p => p > 0) ? pids : null;
    }
}
