using System.Globalization;
using System.Text;
using Delivery.Audit;
using Delivery.Load;

namespace Delivery.Benchmarks;

/// <summary>
/// The deploy benchmark's per-second timeline: the load's second (planned, ok, failed, p50, p99, max) beside where the
/// host's CPU went in it and the engine's audit records that fall in it, so a spike can be read against its cause.
/// </summary>
public static class DeployBenchmarkTimeline
{
    public static string Render(LoadReport load, IReadOnlyList<HostCpuSecond> cpu, IReadOnlyList<DeployAttempt> attempts)
    {
        var events = attempts.SelectMany(a => a.Events.Select(e => (e.Time, Label: $"#{a.Number} {Describe(e)}"))).OrderBy(e => e.Time).ToList();
        var text = new StringBuilder();
        var header = $"{"Second",-10}{"Planned",8}{"OK",6}{"Failed",7}{"p50",10}{"p99",10}{"max",10}{"busy",6}{"steal",6}{"wait",6}{"io",5}{"bench",6}{"rest",6}  {"busiest containers (cores)",-44}events";
        text.AppendLine(header).AppendLine(new string('─', header.Length + 20));
        foreach (var second in load.Timeline())
        {
            var end = second.Start + TimeSpan.FromSeconds(1);
            var host = Nearest(cpu, end);
            var labels = events.Where(e => e.Time >= second.Start && e.Time < end).Select(e => e.Label);
            text.Append(CultureInfo.InvariantCulture,
                $"{second.Start.UtcDateTime,-10:HH:mm:ss}{second.Planned,8}{second.Succeeded,6}{second.Failed,7}{Ms(second.P50),10}{Ms(second.P99),10}{Ms(second.Max),10}");
            text.Append(host is null
                ? $"{"-",6}{"-",6}{"-",6}{"-",5}{"-",6}{"-",6}  {"",-44}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{host.Busy,6:0.00}{host.Steal,6:0.00}{Percent(host.PressureShare),6}{Percent(host.IoPressureShare),5}{host.Own,6:0.00}{host.Rest,6:0.00}  {Busiest(host),-44}"));
            var throttled = host is { Throttled.Count: > 0 }
                ? [string.Create(CultureInfo.InvariantCulture, $"throttled: {string.Join(", ", host.Throttled.Select(t => $"{t.Name} {t.Time.TotalMilliseconds:0} ms"))}")]
                : Array.Empty<string>();
            text.AppendLine(string.Join("; ", throttled.Concat(labels)).TrimEnd());
        }
        text.AppendLine()
            .AppendLine("busy: cores in use on the host; steal: cores the hypervisor gave to other machines while this one wanted them;")
            .AppendLine("wait: share of the second in which some task waited for a CPU (PSI); io: the same for I/O;")
            .AppendLine("bench: this process (the load generator and the deploy engine);")
            .AppendLine("rest: busy outside it and the containers (dockerd, docker-proxy, CLI, kernel);")
            .AppendLine("throttled: containers their CPU limit (cpus:) stopped in the second, and for how long.");
        return text.ToString();
    }

    /// <summary>The sample whose interval ends closest to the end of the load's second, if one ends within half a second of it.</summary>
    static HostCpuSecond? Nearest(IReadOnlyList<HostCpuSecond> cpu, DateTimeOffset end) =>
        cpu.Where(c => (c.End - end).Duration() <= TimeSpan.FromMilliseconds(500)).MinBy(c => (c.End - end).Duration());

    static string Percent(double? share) => share is { } value ? value.ToString("0%", CultureInfo.InvariantCulture) : "-";

    static string Busiest(HostCpuSecond host) =>
        string.Join(" ", host.Containers.Take(3).Where(c => c.Cores >= 0.005).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Cores:0.00}")));

    static string Describe(AuditEvent record) => record.Action switch
    {
        AuditAction.Phase => record.Phase ?? "phase",
        AuditAction.Switched => "switched",
        AuditAction.Succeeded => "succeeded",
        AuditAction.RolledBack => "flipped back",
        AuditAction.Failed => "FAILED",
        _ => record.Action.ToString().ToLowerInvariant(),
    };

    static string Ms(TimeSpan value) => LatencySummary.Milliseconds(value);
}
