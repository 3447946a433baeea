using System.Text.RegularExpressions;

namespace Delivery.Scanning.Policy;

/// <summary>A rule one service breaks, at the value that breaks it (or the service's name when the key is missing).</summary>
public sealed record ServiceViolation(PolicyRule Rule, string File, int Line, string Text);

/// <summary>The <see cref="ComposeRules"/> applied to one service's merged settings.</summary>
public static partial class ComposeServiceRules
{
    /// <summary>Ports whose service holds or moves data and has no business on a public interface.</summary>
    public static IReadOnlyList<int> DataPorts { get; } = [5432, 6379, 9000, 9001, 3306, 27017, 11211, 9200, 5672, 9090, 2375, 2376];

    static readonly string[] SensitiveHostPaths = ["/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", "/bin", "/sbin", "/run", "/var/run", "/var/lib/docker", "/root"];
    static readonly string[] Sockets = ["docker.sock", "containerd.sock", "podman.sock", "crio.sock"];
    static readonly (string Key, string Namespace)[] HostNamespaceKeys =
        [("network_mode", "network"), ("pid", "process"), ("ipc", "IPC"), ("uts", "UTS (host name)"), ("userns_mode", "user")];

    public static IEnumerable<ServiceViolation> Check(ComposeService service)
    {
        var s = service.Settings;
        ServiceViolation At(PolicyRule rule, ComposeNode? node, string text) => new(rule, node?.File ?? service.File, node?.Line ?? service.Line, text);

        if (s["privileged"] is ComposeScalar { IsTrue: true } privileged)
            yield return At(ComposeRules.Privileged, privileged, "privileged: true gives the container every capability and the host's devices; remove it and add back only the capability the service needs (cap_add)");

        if (!Strings(s["cap_drop"]).Any(c => c.Equals("ALL", StringComparison.OrdinalIgnoreCase)))
            yield return At(ComposeRules.CapDropAll, s["cap_drop"], "cap_drop does not contain ALL, so the container keeps Docker's default capabilities; add cap_drop: [ALL] and cap_add only what the service needs");

        var securityOptions = Strings(s["security_opt"]);
        if (!securityOptions.Any(o => NoNewPrivileges().IsMatch(o)))
            yield return At(ComposeRules.NoNewPrivileges, s["security_opt"], "security_opt lacks no-new-privileges:true, so a setuid binary can raise its privileges; add security_opt: [\"no-new-privileges:true\"]");
        foreach (var option in Items(s["security_opt"]).OfType<ComposeScalar>().Where(o => Unconfined().IsMatch(o.Value)))
            yield return At(ComposeRules.ConfinedProfiles, option, $"security_opt '{option.Value}' turns off a default confinement profile; remove it (write a narrower custom profile if the default blocks something)");

        if (s["read_only"] is not ComposeScalar { IsTrue: true })
            yield return At(ComposeRules.ReadOnlyRoot, s["read_only"], "the root filesystem is writable; set read_only: true and give the service a tmpfs for what it writes (tmpfs: [\"/tmp:size=64m\"])");

        if (UserProblem(s["user"] as ComposeScalar) is { } userProblem)
            yield return At(ComposeRules.NonRootUser, s["user"], userProblem);

        foreach (var (rule, keys, text) in Limits)
        {
            var limit = keys.Select(k => s.Scalar(k)).FirstOrDefault(v => v is not null);
            if (limit is null || limit.IsNull || limit.Value is "0" or "-1")
                yield return At(rule, limit, text);
        }

        if (HealthcheckProblem(s["healthcheck"]) is { } healthProblem)
            yield return At(ComposeRules.Healthcheck, s["healthcheck"], healthProblem);

        foreach (var volume in Items(s["volumes"]))
        {
            if (MountProblem(volume) is { } mountProblem)
                yield return At(ComposeRules.HostMounts, volume, mountProblem);
        }

        foreach (var (key, name) in HostNamespaceKeys)
        {
            if (s[key] is ComposeScalar { Value: "host" } shared)
                yield return At(ComposeRules.HostNamespaces, shared, $"{key}: host shares the host's {name} namespace with the container; remove it and keep the container's own (compose networks for network_mode)");
        }

        foreach (var port in Items(s["ports"]))
        {
            if (PortProblem(port) is { } portProblem)
                yield return At(ComposeRules.DataPorts, port, portProblem);
        }

        if (s["image"] is ComposeScalar { IsNull: false } image && !image.Value.Contains("@sha256:", StringComparison.Ordinal) && !WholeVariable().IsMatch(image.Value))
            yield return At(ComposeRules.PinnedImage, image, $"image '{image.Value}' is a tag, which can move; pin it by digest (name@sha256:...) or take it from a variable the deploy engine sets to repo@sha256:...");
    }

    static readonly (PolicyRule Rule, string[] Keys, string Text)[] Limits =
    [
        (ComposeRules.MemoryLimit, ["mem_limit", "deploy.resources.limits.memory"],
            "no memory limit, so one runaway service can exhaust the host; set mem_limit (and memswap_limit to the same value) or deploy.resources.limits.memory"),
        (ComposeRules.CpuLimit, ["cpus", "deploy.resources.limits.cpus"],
            "no CPU limit, so one busy service can starve the others; set cpus (for example cpus: 1.0) or deploy.resources.limits.cpus"),
        (ComposeRules.PidsLimit, ["pids_limit", "deploy.resources.limits.pids"],
            "no process limit, so a fork bomb can exhaust the host's PIDs; set pids_limit (for example 256) or deploy.resources.limits.pids"),
    ];

    static string? UserProblem(ComposeScalar? user)
    {
        if (user is null || user.IsNull)
            return "no user is set, so the container runs as whatever the image says, which compose cannot see; state the image's non-root uid (user: \"10001:10001\")";
        if (user.Value.Contains('$', StringComparison.Ordinal))
            return $"user '{user.Value}' comes from a variable, so it cannot be checked; state the non-root uid literally (user: \"10001:10001\")";
        return user.Value.Split(':')[0].Trim() is "root" or "0"
            ? $"user '{user.Value}' runs the container as root; use the image's non-root uid (user: \"10001:10001\"), or waive DC006 with the reason if the image drops root itself"
            : null;
    }

    static string? HealthcheckProblem(ComposeNode? node)
    {
        if (node is not ComposeMapping healthcheck)
            return "no healthcheck, so Docker and depends_on cannot tell a hung service from a healthy one; add a healthcheck whose test probes the service";
        var test = healthcheck["test"] switch
        {
            ComposeScalar scalar => scalar.Value,
            ComposeSequence sequence => (sequence.Items.FirstOrDefault() as ComposeScalar)?.Value,
            _ => null,
        };
        return healthcheck["disable"] is ComposeScalar { IsTrue: true } || test == "NONE"
            ? "the healthcheck is disabled; give it a test that probes the service, or, for a one-off service, waive DC010 under x-pazpaz-policy-exceptions with the reason"
            : null;
    }

    static string? MountProblem(ComposeNode volume)
    {
        var source = volume switch
        {
            ComposeScalar scalar => ComposeShortSyntax.VolumeSource(scalar.Value),
            ComposeMapping mapping when (mapping.Scalar("type")?.Value ?? "bind") == "bind" => mapping.Scalar("source")?.Value,
            _ => null,
        };
        // A named volume, a relative path in the repository, or a path the deploy engine supplies is not a host system path.
        if (source is null || !source.StartsWith('/'))
            return null;
        var path = source.Length > 1 ? source.TrimEnd('/') : source;
        if (Sockets.Any(s => path.EndsWith("/" + s, StringComparison.Ordinal)))
            return $"mounts the container engine's socket '{source}', which is root on the host; remove it (if the service truly needs the API, put a read-only allow-listing socket proxy in between)";
        return path == "/" || SensitiveHostPaths.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal))
            ? $"mounts the host's '{source}', a system directory; mount only the specific file the service needs, read-only, or use a named volume"
            : null;
    }

    static string? PortProblem(ComposeNode port)
    {
        var binding = port switch
        {
            ComposeScalar scalar => ComposeShortSyntax.Port(scalar.Value),
            ComposeMapping mapping when int.TryParse(mapping.Scalar("target")?.Value, out var target) =>
                new PortBinding(mapping.Scalar("host_ip")?.Value is { Length: > 0 } ip ? ip : null, [target]),
            _ => null,
        };
        if (binding is null || binding.OnLoopback || binding.ContainerPorts.FirstOrDefault(DataPorts.Contains) is not (> 0 and var data))
            return null;
        var where = binding.HostIp is null ? "on every host interface" : $"on '{binding.HostIp}', which is not 127.0.0.1";
        return $"publishes data port {data} {where}; do not publish it (services reach it over the compose network; use `docker compose exec` to get in), or bind it to 127.0.0.1 (\"127.0.0.1:{data}:{data}\")";
    }

    static IReadOnlyList<ComposeNode> Items(ComposeNode? node) => (node as ComposeSequence)?.Items ?? [];

    static IReadOnlyList<string> Strings(ComposeNode? node) => node switch
    {
        ComposeSequence sequence => sequence.Items.OfType<ComposeScalar>().Select(s => s.Value).ToList(),
        ComposeScalar { IsNull: false } scalar => [scalar.Value],
        _ => [],
    };

    [GeneratedRegex(@"^no-new-privileges(?:[:=]true)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NoNewPrivileges();

    [GeneratedRegex(@"^(?:seccomp|apparmor)[:=]unconfined$", RegexOptions.IgnoreCase)]
    private static partial Regex Unconfined();

    [GeneratedRegex(@"^\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+\-][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex WholeVariable();
}
