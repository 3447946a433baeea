using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BuildEngine.IO;
using Delivery.Deployment;

namespace Delivery.Environments;

/// <summary>
/// An environment's non-secret settings, from <c>.nuke/parameters.&lt;env&gt;.json</c>. Validated completely when loaded:
/// unknown keys, types and ranges per key (messages start with the file and the key), then the cross-field
/// <c>Ensure*</c> rules. Secrets never live here (<see cref="SecretSource"/>). docs/environments.md documents each key.
/// </summary>
public sealed partial record EnvironmentSettings
{
    /// <summary>The api's compose <c>start_period</c> (compose/compose.yaml): the health timeout must outlast it.</summary>
    public const int ApiStartPeriodSeconds = 15;

    /// <summary>The api's stop grace period in compose/compose.yaml; retiring a colour can take this long after the drain.</summary>
    public const int ApiStopGraceSeconds = 30;

    public required EnvironmentName Environment { get; init; }

    /// <summary>The compose project (<c>-p</c>): prefixes containers, networks and volumes, so it must be unique per engine.</summary>
    public required string ComposeProject { get; init; }

    /// <summary>The Docker engine: null for the local one, else <c>tcp://host:2376</c> (TLS), <c>ssh://user@host</c> or <c>unix:///path</c>.</summary>
    public string? DockerHost { get; init; }

    /// <summary>Where the HTTP and HTTPS ports bind on the host (127.0.0.1 for dev; 0.0.0.0 or one host address otherwise).</summary>
    public required IPAddress PublicAddress { get; init; }

    public required int HttpPort { get; init; }
    public required int HttpsPort { get; init; }

    /// <summary>The preview server (the candidate colour); compose binds it to 127.0.0.1 only.</summary>
    public required int PreviewPort { get; init; }

    public required IPNetwork EdgeSubnet { get; init; }

    /// <summary>The part of <see cref="EdgeSubnet"/> Docker assigns dynamically; the colours' addresses stay outside it.</summary>
    public required IPNetwork EdgeIpRange { get; init; }

    /// <summary>The edge network's gateway: the subnet's first address (what host-local clients arrive from).</summary>
    public IPAddress EdgeGateway
    {
        get
        {
            var bytes = EdgeSubnet.BaseAddress.GetAddressBytes();
            bytes[^1]++;
            return new IPAddress(bytes);
        }
    }

    public required IPAddress ApiBlueIp { get; init; }
    public required IPAddress ApiGreenIp { get; init; }

    /// <summary>What users open; post-switch smoke tests and the live-version check go here.</summary>
    public required Uri PublicUrl { get; init; }

    public int BakeSeconds { get; init; } = 120;
    public int HealthTimeoutSeconds { get; init; } = 60;
    public int HealthyInARow { get; init; } = 3;
    public int DrainSeconds { get; init; } = 30;
    public int LockLeaseMinutes { get; init; } = 45;

    /// <summary>The S3 API of the attachments store (MinIO or any S3); null: this environment's Backup has no attachments to copy.</summary>
    public Uri? AttachmentsS3Endpoint { get; init; }

    /// <summary>The attachments bucket at <see cref="AttachmentsS3Endpoint"/>.</summary>
    public string? AttachmentsBucket { get; init; }

    public TimeSpan Bake => TimeSpan.FromSeconds(BakeSeconds);
    public TimeSpan HealthTimeout => TimeSpan.FromSeconds(HealthTimeoutSeconds);
    public TimeSpan Drain => TimeSpan.FromSeconds(DrainSeconds);
    public TimeSpan LockLease => TimeSpan.FromMinutes(LockLeaseMinutes);

    /// <summary><c>.nuke/parameters.&lt;env&gt;.json</c> under <paramref name="root"/>.</summary>
    public static AbsolutePath FileFor(AbsolutePath root, EnvironmentName environment) => root / ".nuke" / $"parameters.{environment.Name}.json";

    /// <summary>Reads and validates the environment's file; throws <see cref="EnvironmentConfigurationException"/> listing every problem.</summary>
    public static EnvironmentSettings Load(AbsolutePath root, EnvironmentName environment)
    {
        var file = FileFor(root, environment);
        var relative = root.GetUnixRelativePathTo(file);
        if (!file.FileExists())
            throw new EnvironmentConfigurationException($"{relative} does not exist: environment '{environment}' has no settings. " +
                $"Copy .nuke/parameters.staging.json to {relative} and adjust it (docs/environments.md lists each key).");
        return Parse(file.ReadAllText(), environment, relative);
    }

    /// <summary>Parses and validates settings JSON; <paramref name="source"/> prefixes every message (the file's name).</summary>
    public static EnvironmentSettings Parse(string json, EnvironmentName environment, string source) =>
        SettingsReader.Read(json, environment, source).EnsureValid(source);

    /// <summary>The cross-field rules; empty when the settings are consistent.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        EnsureProjectNamesEnvironment(problems);
        EnsureDockerHostIsAuthenticated(problems);
        EnsureDistinctPorts(problems);
        EnsureRangeInsideSubnet(problems);
        EnsureSubnetOutsideDockerPools(problems);
        EnsureApiAddressesUsable(problems);
        EnsurePublicUrlIsHttps(problems);
        EnsureHealthTimeoutOutlastsStart(problems);
        EnsureLeaseOutlastsDeploy(problems);
        return problems;
    }

    public EnvironmentSettings EnsureValid(string? source = null) => Problems() is { Count: > 0 } problems
        ? throw EnvironmentConfigurationException.FromProblems($"{source ?? $"Settings of '{Environment}'"} are not usable:", problems)
        : this;

    /// <summary>The non-secret compose variables (compose/.env.example); images and secret files are added by the deploy engine.</summary>
    public IReadOnlyDictionary<string, string> ComposeVariables() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["PAZPAZ_PUBLIC_ADDRESS"] = PublicAddress.ToString(),
        ["PAZPAZ_HTTP_PORT"] = Invariant(HttpPort),
        ["PAZPAZ_HTTPS_PORT"] = Invariant(HttpsPort),
        ["PAZPAZ_PREVIEW_PORT"] = Invariant(PreviewPort),
        ["PAZPAZ_EDGE_SUBNET"] = EdgeSubnet.ToString(),
        ["PAZPAZ_EDGE_IP_RANGE"] = EdgeIpRange.ToString(),
        ["PAZPAZ_EDGE_GATEWAY"] = EdgeGateway.ToString(),
        ["PAZPAZ_API_BLUE_IP"] = ApiBlueIp.ToString(),
        ["PAZPAZ_API_GREEN_IP"] = ApiGreenIp.ToString(),
    };

    /// <summary>
    /// Deploys, rollbacks, smoke tests, maintenance, backups and restores reach the engine in ways compose's
    /// <c>--host</c> does not cover: <c>docker exec</c> and <c>inspect</c> on the process's engine, HTTP checks on this
    /// machine's 127.0.0.1, the secret file bind-mounted by its path here. Against a remote engine they would act half
    /// there and half here, so they refuse before doing anything (docs/deployment.md, Known limitations).
    /// </summary>
    public EnvironmentSettings EnsureEngineIsLocal()
    {
        if (DockerHost is { } host)
            throw new EnvironmentConfigurationException($"{Environment}'s engine is remote (DockerHost {host}), and deploys, smoke tests, " +
                "backups and restores can only operate an engine on the machine they run on. Run the build on the Docker host with " +
                $"\"DockerHost\": null in .nuke/parameters.{Environment}.json there (docs/deployment.md, Known limitations).");
        return this;
    }

    /// <summary>
    /// <c>docker [--host H [--tlsverify]] compose -p P -f compose/compose.yaml -f compose/compose.&lt;env&gt;.yaml</c>: the
    /// argv every compose call for this environment starts with (append the subcommand).
    /// </summary>
    public IReadOnlyList<string> ComposeCommand(AbsolutePath root)
    {
        List<string> argv = ["docker"];
        if (DockerHost is { } host)
        {
            argv.AddRange(["--host", host]);
            if (host.StartsWith("tcp://", StringComparison.Ordinal))
                argv.Add("--tlsverify");
        }
        argv.AddRange(["compose", "-p", ComposeProject, "-f", root / "compose" / "compose.yaml", "-f", root / "compose" / $"compose.{Environment.Name}.yaml"]);
        return argv;
    }

    /// <summary>
    /// Environments that share an engine must not collide: distinct projects, disjoint edge subnets, no host port twice
    /// on overlapping addresses. Throws listing every collision.
    /// </summary>
    public static void EnsureApart(IReadOnlyList<EnvironmentSettings> environments)
    {
        var problems = new List<string>();
        foreach (var engine in environments.GroupBy(e => e.DockerHost ?? "(local engine)"))
        {
            var group = engine.ToList();
            for (var i = 0; i < group.Count; i++)
            for (var j = i + 1; j < group.Count; j++)
            {
                var (a, b) = (group[i], group[j]);
                var pair = $"{a.Environment} and {b.Environment} (both on {engine.Key})";
                if (a.ComposeProject == b.ComposeProject)
                    problems.Add($"{pair}: ComposeProject '{a.ComposeProject}' is the same; one would replace the other's containers.");
                if (a.EdgeSubnet.Contains(b.EdgeSubnet.BaseAddress) || b.EdgeSubnet.Contains(a.EdgeSubnet.BaseAddress))
                    problems.Add($"{pair}: EdgeSubnet {a.EdgeSubnet} and {b.EdgeSubnet} overlap; Docker refuses the second network.");
                foreach (var (name, port, address) in a.HostPorts())
                foreach (var (otherName, otherPort, otherAddress) in b.HostPorts())
                    if (port == otherPort && Overlap(address, otherAddress))
                        problems.Add($"{pair}: {a.Environment}'s {name} and {b.Environment}'s {otherName} are both host port {port}; give one another port.");
            }
        }
        if (problems.Count > 0)
            throw EnvironmentConfigurationException.FromProblems("Environments collide:", problems);
    }

    /// <summary>The resolved settings as text for plans and logs (there are no secrets in them).</summary>
    public string Render() => string.Join(System.Environment.NewLine,
    [
        $"Environment {Environment}: project {ComposeProject} on {DockerHost ?? "the local engine"}",
        $"  public {PublicUrl} (http {PublicAddress}:{HttpPort}, https {PublicAddress}:{HttpsPort}, preview 127.0.0.1:{PreviewPort})",
        $"  edge {EdgeSubnet} (dynamic {EdgeIpRange}), api-blue {ApiBlueIp}, api-green {ApiGreenIp}",
        $"  gate {HealthyInARow} in a row within {HealthTimeoutSeconds} s, bake {BakeSeconds} s, drain {DrainSeconds} s, lock lease {LockLeaseMinutes} min",
    ]);

    IEnumerable<(string Name, int Port, IPAddress Address)> HostPorts() =>
    [
        ("HttpPort", HttpPort, PublicAddress), ("HttpsPort", HttpsPort, PublicAddress), ("PreviewPort", PreviewPort, IPAddress.Loopback),
    ];

    static bool Overlap(IPAddress a, IPAddress b) => a.Equals(b) || a.Equals(IPAddress.Any) || b.Equals(IPAddress.Any);

    void EnsureProjectNamesEnvironment(List<string> problems)
    {
        if (!ComposeProject.EndsWith("-" + Environment.Name, StringComparison.Ordinal))
            problems.Add($"ComposeProject: '{ComposeProject}' must end with '-{Environment}' (e.g. pazpaz-{Environment}), so one environment's file can never address another's containers.");
    }

    void EnsureDockerHostIsAuthenticated(List<string> problems)
    {
        if (DockerHost is { } host && host.StartsWith("tcp://", StringComparison.Ordinal) && new Uri(host).Port != 2376)
            problems.Add($"DockerHost: '{host}' is not the TLS port 2376. The plain-text Docker API (2375) gives root to anyone who reaches it; " +
                         "use tcp://<host>:2376 with client certificates (DOCKER_CERT_PATH) or ssh://<user>@<host>.");
    }

    void EnsureDistinctPorts(List<string> problems)
    {
        var ports = HostPorts().GroupBy(p => p.Port).Where(g => g.Count() > 1);
        foreach (var clash in ports)
            problems.Add($"{string.Join(", ", clash.Select(p => p.Name))}: all {clash.Key}; each host port can be published once.");
    }

    void EnsureRangeInsideSubnet(List<string> problems)
    {
        if (EdgeIpRange.PrefixLength < EdgeSubnet.PrefixLength || !EdgeSubnet.Contains(EdgeIpRange.BaseAddress))
            problems.Add($"EdgeIpRange: {EdgeIpRange} is not inside EdgeSubnet {EdgeSubnet}; use part of it, e.g. its upper half.");
    }

    /// <summary>
    /// Docker's built-in address pools (moby's defaults): a network created without a subnet takes the next free one, so
    /// on a busy engine any other project, test or tool can hold the edge subnet first and the deploy stops on
    /// "Pool overlaps with other one on this address space".
    /// </summary>
    static readonly IPNetwork[] DockerDefaultPools =
        [IPNetwork.Parse("172.17.0.0/16"), IPNetwork.Parse("172.18.0.0/15"), IPNetwork.Parse("172.20.0.0/14"),
         IPNetwork.Parse("172.24.0.0/13"), IPNetwork.Parse("192.168.0.0/16")];

    void EnsureSubnetOutsideDockerPools(List<string> problems)
    {
        foreach (var pool in DockerDefaultPools)
        {
            if (!pool.Contains(EdgeSubnet.BaseAddress) && !EdgeSubnet.Contains(pool.BaseAddress))
                continue;
            problems.Add($"EdgeSubnet: {EdgeSubnet} is inside Docker's default address pool {pool}, from which the engine gives subnets to " +
                         "networks created without one, so another network can take it first; use 172.16.x.0/24 or a 10.x.x.0/24 range.");
            return;
        }
    }

    void EnsureApiAddressesUsable(List<string> problems)
    {
        foreach (var (name, address) in new[] { ("ApiBlueIp", ApiBlueIp), ("ApiGreenIp", ApiGreenIp) })
        {
            if (!EdgeSubnet.Contains(address))
                problems.Add($"{name}: {address} is not inside EdgeSubnet {EdgeSubnet}.");
            else if (IsReserved(address))
                problems.Add($"{name}: {address} is the subnet's network, gateway (first) or broadcast address; pick another, e.g. .10.");
            else if (EdgeIpRange.Contains(address))
                problems.Add($"{name}: {address} is inside EdgeIpRange {EdgeIpRange}, so Docker may give it to another container while the colour is stopped; pick one outside the range.");
        }
        if (ApiBlueIp.Equals(ApiGreenIp))
            problems.Add($"ApiBlueIp, ApiGreenIp: both {ApiBlueIp}; the colours need one address each.");
    }

    bool IsReserved(IPAddress address)
    {
        var value = ToUInt32(address) - ToUInt32(EdgeSubnet.BaseAddress);
        var last = (1u << (32 - EdgeSubnet.PrefixLength)) - 1;
        return value is 0 or 1 || value == last;
    }

    void EnsurePublicUrlIsHttps(List<string> problems)
    {
        if (PublicUrl.Scheme != Uri.UriSchemeHttps || PublicUrl.AbsolutePath != "/" || PublicUrl.Query.Length > 0)
            problems.Add($"PublicUrl: '{PublicUrl}' must be an https:// origin with no path (e.g. https://app.pazpaz.example).");
    }

    void EnsureHealthTimeoutOutlastsStart(List<string> problems)
    {
        if (HealthTimeoutSeconds <= ApiStartPeriodSeconds + HealthyInARow)
            problems.Add($"HealthTimeoutSeconds: {HealthTimeoutSeconds} s does not outlast the api's start period ({ApiStartPeriodSeconds} s) plus " +
                         $"HealthyInARow ({HealthyInARow}) probes 1 s apart; a healthy release would fail the gate. Raise it above {ApiStartPeriodSeconds + HealthyInARow}.");
    }

    void EnsureLeaseOutlastsDeploy(List<string> problems)
    {
        var held = HealthTimeoutSeconds + BakeSeconds + DrainSeconds + (int)new DeploymentTimings().OldWorkers.TotalSeconds + ApiStopGraceSeconds;
        if (LockLeaseMinutes * 60 <= held)
            problems.Add($"LockLeaseMinutes: {LockLeaseMinutes} min does not cover the gate, bake, drain, nginx's old workers and stop ({held} s at least); " +
                         "the lock must be held through the bake. Raise LockLeaseMinutes or shorten BakeSeconds.");
    }

    static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Walks the JSON once, collecting every per-key problem before any cross-field rule runs.</summary>
    sealed class SettingsReader
    {
        static readonly string[] Keys =
        [
            nameof(ComposeProject), nameof(DockerHost), nameof(PublicAddress), nameof(HttpPort), nameof(HttpsPort), nameof(PreviewPort),
            nameof(EdgeSubnet), nameof(EdgeIpRange), nameof(ApiBlueIp), nameof(ApiGreenIp), nameof(PublicUrl), nameof(BakeSeconds),
            nameof(HealthTimeoutSeconds), nameof(HealthyInARow), nameof(DrainSeconds), nameof(LockLeaseMinutes),
            nameof(AttachmentsS3Endpoint), nameof(AttachmentsBucket),
        ];

        readonly Dictionary<string, System.Text.Json.JsonElement> _values = new(StringComparer.Ordinal);
        readonly List<string> _problems = [];

        public static EnvironmentSettings Read(string json, EnvironmentName environment, string source)
        {
            System.Text.Json.JsonDocument document;
            try
            {
                document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions
                {
                    CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
                });
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new EnvironmentConfigurationException($"{source} is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}");
            }
            using (document)
            {
                if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                    throw new EnvironmentConfigurationException($"{source}: the file must hold one JSON object of settings (docs/environments.md), not {document.RootElement.ValueKind}.");
                var reader = new SettingsReader();
                reader.Collect(document.RootElement);
                var settings = reader.Build(environment);
                if (reader._problems.Count > 0 || settings is null)
                    throw EnvironmentConfigurationException.FromProblems($"{source} is not usable:", reader._problems);
                return settings;
            }
        }

        void Collect(System.Text.Json.JsonElement root)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name.StartsWith('$'))
                    continue;
                if (!Keys.Contains(property.Name, StringComparer.Ordinal))
                {
                    var closest = Keys.Min(k => Distance(k, property.Name));
                    var near = closest <= 2 ? Keys.Where(k => Distance(k, property.Name) == closest).ToList() : [];
                    _problems.Add($"{property.Name}: unknown key." + (near.Count > 0 ? $" Did you mean '{string.Join("' or '", near)}'?" : "") +
                                  $" Known keys: {string.Join(", ", Keys)}.");
                }
                else if (!_values.TryAdd(property.Name, property.Value.Clone()))
                    _problems.Add($"{property.Name}: appears twice; keep one.");
            }
        }

        EnvironmentSettings? Build(EnvironmentName environment)
        {
            var project = String(nameof(ComposeProject), required: true, ProjectName(), "a compose project name (lower-case letters, digits, '-', '_'; e.g. pazpaz-staging)");
            var host = String(nameof(DockerHost), required: false, DockerHostPattern(), "null (the local engine), tcp://<host>:2376, ssh://<user>@<host> or unix:///<path>");
            var address = Address(nameof(PublicAddress));
            var http = Integer(nameof(HttpPort), 1, 65535, null);
            var https = Integer(nameof(HttpsPort), 1, 65535, null);
            var preview = Integer(nameof(PreviewPort), 1, 65535, null);
            var subnet = Network(nameof(EdgeSubnet), 16, 28);
            var range = Network(nameof(EdgeIpRange), 16, 29);
            var blue = Address(nameof(ApiBlueIp));
            var green = Address(nameof(ApiGreenIp));
            var url = Url(nameof(PublicUrl));
            var bake = Integer(nameof(BakeSeconds), 0, 3600, 120);
            var timeout = Integer(nameof(HealthTimeoutSeconds), 1, 900, 60);
            var inARow = Integer(nameof(HealthyInARow), 1, 20, 3);
            var drain = Integer(nameof(DrainSeconds), 0, 300, 30);
            var lease = Integer(nameof(LockLeaseMinutes), 1, 1440, 45);
            var attachments = _values.ContainsKey(nameof(AttachmentsS3Endpoint)) && _values[nameof(AttachmentsS3Endpoint)].ValueKind != System.Text.Json.JsonValueKind.Null
                ? Url(nameof(AttachmentsS3Endpoint))
                : null;
            var bucket = String(nameof(AttachmentsBucket), required: attachments is not null, AnyText(), "an S3 bucket name");
            if (_problems.Count > 0)
                return null;
            return new EnvironmentSettings
            {
                Environment = environment, ComposeProject = project!, DockerHost = host, PublicAddress = address!,
                HttpPort = http!.Value, HttpsPort = https!.Value, PreviewPort = preview!.Value,
                EdgeSubnet = subnet!.Value, EdgeIpRange = range!.Value, ApiBlueIp = blue!, ApiGreenIp = green!, PublicUrl = url!,
                BakeSeconds = bake!.Value, HealthTimeoutSeconds = timeout!.Value, HealthyInARow = inARow!.Value,
                DrainSeconds = drain!.Value, LockLeaseMinutes = lease!.Value, AttachmentsS3Endpoint = attachments, AttachmentsBucket = bucket,
            };
        }

        bool TryGet(string key, bool required, out System.Text.Json.JsonElement value)
        {
            if (_values.TryGetValue(key, out value) && value.ValueKind != System.Text.Json.JsonValueKind.Null)
                return true;
            if (required)
                _problems.Add($"{key}: missing; it is required (docs/environments.md).");
            return false;
        }

        string? String(string key, bool required, Regex pattern, string what)
        {
            if (!TryGet(key, required, out var value))
                return null;
            if (value.ValueKind != System.Text.Json.JsonValueKind.String)
                return Fail<string>(key, $"should be a string: {what}; got {value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}");
            var text = value.GetString()!;
            return pattern.IsMatch(text) ? text : Fail<string>(key, $"'{text}' is not {what}");
        }

        int? Integer(string key, int min, int max, int? fallback)
        {
            if (!TryGet(key, required: fallback is null, out var value))
                return fallback;
            if (value.ValueKind != System.Text.Json.JsonValueKind.Number || !value.TryGetInt32(out var number))
                return FailValue<int>(key, $"should be a whole number from {min} to {max}; got {value.GetRawText()}");
            return number >= min && number <= max ? number : FailValue<int>(key, $"should be from {min} to {max}; got {number}");
        }

        IPAddress? Address(string key)
        {
            var text = String(key, required: true, AnyText(), "an IPv4 address");
            if (text is null)
                return null;
            return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3
                ? address
                : Fail<IPAddress>(key, $"'{text}' is not an IPv4 address (e.g. 172.16.20.10)");
        }

        IPNetwork? Network(string key, int shortest, int longest)
        {
            var text = String(key, required: true, AnyText(), "an IPv4 network");
            if (text is null)
                return null;
            if (!IPNetwork.TryParse(text, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork || !text.Contains('/'))
                return FailValue<IPNetwork>(key, $"'{text}' is not an IPv4 network in CIDR form (e.g. 172.16.20.0/24)");
            // .NET masks host bits silently; a typo such as .5/24 should not quietly become .0/24.
            if (text[..text.IndexOf('/')] != network.BaseAddress.ToString())
                return FailValue<IPNetwork>(key, $"'{text}' has host bits set; the network is {network}");
            return network.PrefixLength >= shortest && network.PrefixLength <= longest
                ? network
                : FailValue<IPNetwork>(key, $"'{text}' should have a prefix from /{shortest} to /{longest}");
        }

        Uri? Url(string key)
        {
            var text = String(key, required: true, AnyText(), "a URL");
            if (text is null)
                return null;
            return Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : Fail<Uri>(key, $"'{text}' is not an absolute URL (e.g. https://staging.pazpaz.example)");
        }

        T? Fail<T>(string key, string message) where T : class
        {
            _problems.Add($"{key}: {message}.");
            return null;
        }

        T? FailValue<T>(string key, string message) where T : struct
        {
            _problems.Add($"{key}: {message}.");
            return null;
        }

        static int Distance(string a, string b)
        {
            var (x, y) = (a.ToLowerInvariant(), b.ToLowerInvariant());
            var previous = Enumerable.Range(0, y.Length + 1).ToArray();
            for (var i = 1; i <= x.Length; i++)
            {
                var current = new int[y.Length + 1];
                current[0] = i;
                for (var j = 1; j <= y.Length; j++)
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
                previous = current;
            }
            return previous[y.Length];
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex ProjectName();

    [GeneratedRegex(@"^(tcp://[A-Za-z0-9.-]+:[0-9]{1,5}|ssh://([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:[0-9]{1,5})?|unix:///\S+)$")]
    private static partial Regex DockerHostPattern();

    [GeneratedRegex(@"^\S+$")]
    private static partial Regex AnyText();
}
