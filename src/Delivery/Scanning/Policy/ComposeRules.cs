namespace Delivery.Scanning.Policy;

/// <summary>
/// The compose rules, per service of each environment's merged view (anchors-hardening B.6 and check 19; CIS Docker
/// Benchmark v1.6.0 ids). A service may waive a rule under <c>x-pazpaz-policy-exceptions</c> with a reason.
/// </summary>
public static class ComposeRules
{
    public static readonly PolicyRule Unreadable = new("DC000", Severity.High,
        "The compose file is valid YAML with a services mapping", "policy lint");

    public static readonly PolicyRule Privileged = new("DC001", Severity.Critical,
        "No privileged: true", "CIS Docker Benchmark 5.5");

    public static readonly PolicyRule CapDropAll = new("DC002", Severity.High,
        "cap_drop contains ALL (add back only what is needed; listen on ports >= 1024 instead of NET_BIND_SERVICE)", "CIS Docker Benchmark 5.4");

    public static readonly PolicyRule NoNewPrivileges = new("DC003", Severity.High,
        "security_opt contains no-new-privileges:true", "CIS Docker Benchmark 5.26");

    public static readonly PolicyRule ConfinedProfiles = new("DC004", Severity.High,
        "security_opt never turns the default seccomp or AppArmor profile off (unconfined)", "CIS Docker Benchmark 5.22, 5.2");

    public static readonly PolicyRule ReadOnlyRoot = new("DC005", Severity.Medium,
        "read_only: true, with a tmpfs for what the service writes", "CIS Docker Benchmark 5.13");

    public static readonly PolicyRule NonRootUser = new("DC006", Severity.High,
        "user is set to a literal non-root uid (not root, not 0), so a changed image cannot silently run as root", "CIS Docker Benchmark 4.1");

    public static readonly PolicyRule MemoryLimit = new("DC007", Severity.Medium,
        "A memory limit: mem_limit or deploy.resources.limits.memory", "CIS Docker Benchmark 5.11");

    public static readonly PolicyRule CpuLimit = new("DC008", Severity.Medium,
        "A CPU limit: cpus or deploy.resources.limits.cpus", "CIS Docker Benchmark 5.12");

    public static readonly PolicyRule PidsLimit = new("DC009", Severity.Medium,
        "A process limit: pids_limit or deploy.resources.limits.pids", "CIS Docker Benchmark 5.29");

    /// <summary>Stated in compose even when the image has one: the image comes from a variable, so compose cannot see its Dockerfile.</summary>
    public static readonly PolicyRule Healthcheck = new("DC010", Severity.Medium,
        "A healthcheck that is not disabled (one-off services waive it with a reason)", "CIS Docker Benchmark 5.27");

    public static readonly PolicyRule HostMounts = new("DC011", Severity.Critical,
        "No Docker socket and no sensitive host directory (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr, /run, ...) is mounted", "CIS Docker Benchmark 5.32, 5.6");

    public static readonly PolicyRule HostNamespaces = new("DC012", Severity.Critical,
        "No host namespace: network_mode, pid, ipc, uts or userns_mode is never host", "CIS Docker Benchmark 5.10, 5.16, 5.17, 5.21, 5.31");

    public static readonly PolicyRule DataPorts = new("DC013", Severity.High,
        "Data ports (postgres 5432, redis 6379, MinIO 9000/9001, ...) are not published, or only on 127.0.0.1", "CIS Docker Benchmark 5.14, 5.9");

    public static readonly PolicyRule PinnedImage = new("DC014", Severity.Medium,
        "image is a digest (name@sha256:...) or comes wholly from a variable the deploy engine sets", "CIS Docker Benchmark 4.2");

    public static readonly PolicyRule Exceptions = new("DC015", Severity.High,
        "Every x-pazpaz-policy-exceptions entry names a compose rule, gives a reason and waives something", "policy lint");

    public static IReadOnlyList<PolicyRule> All { get; } =
    [
        Unreadable, Privileged, CapDropAll, NoNewPrivileges, ConfinedProfiles, ReadOnlyRoot, NonRootUser, MemoryLimit, CpuLimit,
        PidsLimit, Healthcheck, HostMounts, HostNamespaces, DataPorts, PinnedImage, Exceptions,
    ];
}
