using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Delivery.Environments;

namespace Delivery.Tests.Environments;

public sealed class EnvironmentSettingsTests
{
    const string Source = ".nuke/parameters.staging.json";

    static string Staging(Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Path / ".nuke" / "parameters.staging.json"))!.AsObject();
        change?.Invoke(json);
        return json.ToJsonString();
    }

    static string Error(string json, EnvironmentName? environment = null) =>
        Assert.Throws<EnvironmentConfigurationException>(() => EnvironmentSettings.Parse(json, environment ?? EnvironmentName.Staging, Source)).Message;

    [Fact]
    public void The_committed_environments_load_and_do_not_collide_on_one_engine()
    {
        var all = EnvironmentName.All.Select(e => EnvironmentSettings.Load(RepositoryRoot.Path, e)).ToList();

        EnvironmentSettings.EnsureApart(all);
        var staging = all[1];
        Assert.Equal("pazpaz-staging", staging.ComposeProject);
        Assert.Null(staging.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(120), staging.Bake);
        Assert.Equal(60, staging.HealthTimeoutSeconds);
        Assert.Equal(3, staging.HealthyInARow);
        Assert.Equal(TimeSpan.FromMinutes(45), staging.LockLease);
    }

    [Fact]
    public void Defaults_apply_to_keys_left_out()
    {
        var settings = EnvironmentSettings.Parse(Staging(j =>
        {
            foreach (var key in new[] { "BakeSeconds", "HealthTimeoutSeconds", "HealthyInARow", "DrainSeconds", "LockLeaseMinutes", "DockerHost" })
                j.Remove(key);
        }), EnvironmentName.Staging, Source);

        Assert.Equal((120, 60, 3, 30, 45), (settings.BakeSeconds, settings.HealthTimeoutSeconds, settings.HealthyInARow, settings.DrainSeconds, settings.LockLeaseMinutes));
    }

    [Fact]
    public void An_attachments_store_is_optional_and_needs_its_bucket_when_named()
    {
        var none = EnvironmentSettings.Parse(Staging(), EnvironmentName.Staging, Source);
        var store = EnvironmentSettings.Parse(Staging(j => { j["AttachmentsS3Endpoint"] = "https://s3.eu.example"; j["AttachmentsBucket"] = "pazpaz-attachments"; }),
            EnvironmentName.Staging, Source);

        Assert.Null(none.AttachmentsS3Endpoint);
        Assert.Equal((new Uri("https://s3.eu.example"), "pazpaz-attachments"), (store.AttachmentsS3Endpoint, store.AttachmentsBucket));
        Assert.Contains("AttachmentsBucket: missing; it is required", Error(Staging(j => j["AttachmentsS3Endpoint"] = "https://s3.eu.example")));
        var bad = Error(Staging(j => { j["AttachmentsS3Endpoint"] = "s3.eu.example"; j["AttachmentsBucket"] = "b"; }));
        Assert.True(bad.Contains("AttachmentsS3Endpoint: 's3.eu.example' is not an absolute URL", StringComparison.Ordinal), bad);
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_its_path_and_the_near_miss()
    {
        var error = Error(Staging(j => j["HttpsPrt"] = 9443));

        Assert.Contains(".nuke/parameters.staging.json is not usable:", error);
        Assert.Contains("  - HttpsPrt: unknown key. Did you mean 'HttpsPort'? Known keys: ComposeProject, DockerHost,", error);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once_each_prefixed_with_its_key()
    {
        var error = Error(Staging(j =>
        {
            j["HttpPort"] = "9080";
            j["HttpsPort"] = 70000;
            j["EdgeSubnet"] = "172.16.20.5/24";
            j["ApiBlueIp"] = "172.16.20";
            j["ComposeProject"] = "PazPaz Staging";
            j["BakeSeconds"] = 1.5;
            j["DockerHost"] = "http://docker:2375";
            j.Remove("PublicUrl");
        }));

        Assert.Contains("  - HttpPort: should be a whole number from 1 to 65535; got \"9080\".", error);
        Assert.Contains("  - HttpsPort: should be from 1 to 65535; got 70000.", error);
        Assert.Contains("  - EdgeSubnet: '172.16.20.5/24' has host bits set; the network is 172.16.20.0/24.", error);
        Assert.Contains("  - ApiBlueIp: '172.16.20' is not an IPv4 address (e.g. 172.16.20.10).", error);
        Assert.Contains("  - ComposeProject: 'PazPaz Staging' is not a compose project name", error);
        Assert.Contains("  - BakeSeconds: should be a whole number from 0 to 3600; got 1.5.", error);
        Assert.Contains("  - DockerHost: 'http://docker:2375' is not null (the local engine), tcp://<host>:2376, ssh://<user>@<host> or unix:///<path>.", error);
        Assert.Contains("  - PublicUrl: missing; it is required (docs/environments.md).", error);
    }

    [Fact]
    public void Broken_json_names_the_file_and_line() =>
        Assert.StartsWith(".nuke/parameters.staging.json is not valid JSON (line 2,", Error("{\n  \"HttpPort\": ,\n}"));

    [Fact]
    public void A_non_object_file_is_refused() =>
        Assert.Equal(".nuke/parameters.staging.json: the file must hold one JSON object of settings (docs/environments.md), not Array.", Error("[1]"));

    [Fact]
    public void A_key_given_twice_is_refused() =>
        Assert.Contains("  - HttpPort: appears twice; keep one.", Error(Staging().Replace("\"HttpPort\":9080", "\"HttpPort\":9080,\"HttpPort\":9090")));

    [Fact]
    public void Cross_field_rules_report_every_conflict()
    {
        var error = Error(Staging(j =>
        {
            j["PreviewPort"] = 9443;
            j["ApiBlueIp"] = "172.16.21.10";
            j["ApiGreenIp"] = "172.16.20.200";
            j["EdgeIpRange"] = "172.16.0.0/16";
            j["ComposeProject"] = "pazpaz-prod";
            j["DockerHost"] = "tcp://docker.internal:2375";
            j["PublicUrl"] = "http://staging.pazpaz.example/app";
            j["HealthTimeoutSeconds"] = 10;
            j["LockLeaseMinutes"] = 2;
        }));

        Assert.StartsWith(".nuke/parameters.staging.json are not usable:", error);
        Assert.Contains("  - ComposeProject: 'pazpaz-prod' must end with '-staging'", error);
        Assert.Contains("  - DockerHost: 'tcp://docker.internal:2375' is not the TLS port 2376.", error);
        Assert.Contains("  - HttpsPort, PreviewPort: all 9443; each host port can be published once.", error);
        Assert.Contains("  - EdgeIpRange: 172.16.0.0/16 is not inside EdgeSubnet 172.16.20.0/24", error);
        Assert.Contains("  - ApiBlueIp: 172.16.21.10 is not inside EdgeSubnet 172.16.20.0/24.", error);
        Assert.Contains("  - PublicUrl: 'http://staging.pazpaz.example/app' must be an https:// origin with no path", error);
        Assert.Contains("  - HealthTimeoutSeconds: 10 s does not outlast the api's start period (15 s)", error);
        Assert.Contains("  - LockLeaseMinutes: 2 min does not cover the gate, bake, drain, nginx's old workers and stop (210 s at least)", error);
    }

    [Fact]
    public void Api_addresses_must_avoid_the_gateway_the_dynamic_range_and_each_other()
    {
        var gateway = Error(Staging(j => j["ApiBlueIp"] = "172.16.20.1"));
        var dynamic = Error(Staging(j => j["ApiGreenIp"] = "172.16.20.200"));
        var same = Error(Staging(j => j["ApiGreenIp"] = "172.16.20.10"));

        Assert.Contains("ApiBlueIp: 172.16.20.1 is the subnet's network, gateway (first) or broadcast address", gateway);
        Assert.Contains("ApiGreenIp: 172.16.20.200 is inside EdgeIpRange 172.16.20.128/25, so Docker may give it to another container", dynamic);
        Assert.Contains("ApiBlueIp, ApiGreenIp: both 172.16.20.10; the colours need one address each.", same);
    }

    [Theory]
    [InlineData("172.30.20.0/24", "172.24.0.0/13")]
    [InlineData("172.17.5.0/24", "172.17.0.0/16")]
    [InlineData("192.168.40.0/24", "192.168.0.0/16")]
    public void An_edge_subnet_inside_Dockers_default_pools_is_refused(string subnet, string pool)
    {
        var error = Error(Staging(j =>
        {
            var prefix = subnet[..subnet.LastIndexOf('.')];
            j["EdgeSubnet"] = subnet;
            j["EdgeIpRange"] = $"{prefix}.128/25";
            j["ApiBlueIp"] = $"{prefix}.10";
            j["ApiGreenIp"] = $"{prefix}.11";
        }));

        Assert.Contains($"  - EdgeSubnet: {subnet} is inside Docker's default address pool {pool}, from which the engine gives subnets", error);
    }

    [Fact]
    public void Every_environments_edge_exempts_its_own_gateway_as_compose_derives_it_and_nothing_repeats_it()
    {
        // The host's smoke and load tests arrive from the edge network's gateway. A copy of that address in each nginx
        // env file went stale once when the subnets moved (the host's own tests were rate-limited): compose.yaml derives
        // it from PAZPAZ_EDGE_GATEWAY, and no environment file or overlay may set it again (compose's environment would
        // silently win over an env file anyway). The deploy tests and the benchmark run without a copy of their own.
        var compose = File.ReadAllText(RepositoryRoot.Path / "compose" / "compose.yaml");
        Assert.Matches(@"\n      PAZPAZ_RATE_LIMIT_EXEMPT: \$\{PAZPAZ_RATE_LIMIT_EXEMPT:-\$\{PAZPAZ_EDGE_GATEWAY:\?", compose);
        var copies = Directory.GetFiles(RepositoryRoot.Path / "nginx" / "environments", "*.env")
            .Concat(Directory.GetFiles(RepositoryRoot.Path / "compose", "compose.*.yaml"))
            .Append(RepositoryRoot.Path / "tests" / "Integration.Tests" / "Deployment" / "compose.test.yaml")
            .Where(f => File.ReadAllText(f).Contains("PAZPAZ_RATE_LIMIT_EXEMPT", StringComparison.Ordinal));
        Assert.Empty(copies);
    }

    [Fact]
    public void The_shipped_environments_are_outside_Dockers_default_pools()
    {
        foreach (var name in new[] { EnvironmentName.Dev, EnvironmentName.Staging, EnvironmentName.Prod })
            Assert.StartsWith("172.16.", EnvironmentSettings.Load(RepositoryRoot.Path, name).EdgeSubnet.ToString());
    }

    [Fact]
    public void Compose_variables_and_command_for_an_environment()
    {
        var settings = EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Staging);

        Assert.Equal(new Dictionary<string, string>
        {
            ["PAZPAZ_API_BLUE_IP"] = "172.16.20.10", ["PAZPAZ_API_GREEN_IP"] = "172.16.20.11", ["PAZPAZ_EDGE_GATEWAY"] = "172.16.20.1",
            ["PAZPAZ_EDGE_IP_RANGE"] = "172.16.20.128/25", ["PAZPAZ_EDGE_SUBNET"] = "172.16.20.0/24",
            ["PAZPAZ_HTTPS_PORT"] = "9443", ["PAZPAZ_HTTP_PORT"] = "9080", ["PAZPAZ_PREVIEW_PORT"] = "9081", ["PAZPAZ_PUBLIC_ADDRESS"] = "0.0.0.0",
        }, settings.ComposeVariables());
        Assert.Equal(["docker", "compose", "-p", "pazpaz-staging", "-f", RepositoryRoot.Path / "compose" / "compose.yaml", "-f", RepositoryRoot.Path / "compose" / "compose.staging.yaml"],
            settings.ComposeCommand(RepositoryRoot.Path));
        Assert.Equal(["docker", "--host", "tcp://docker.internal:2376", "--tlsverify", "compose", "-p", "pazpaz-staging"],
            (settings with { DockerHost = "tcp://docker.internal:2376" }).ComposeCommand(RepositoryRoot.Path).Take(7));
    }

    [Fact]
    public void Operating_an_environment_whose_engine_is_remote_is_refused_with_the_fix_until_every_step_can_reach_it()
    {
        var staging = EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Staging);

        var error = Assert.Throws<EnvironmentConfigurationException>(() => (staging with { DockerHost = "ssh://deploy@staging.example" }).EnsureEngineIsLocal()).Message;

        Assert.Contains("staging's engine is remote (DockerHost ssh://deploy@staging.example)", error);
        Assert.Contains("\"DockerHost\": null in .nuke/parameters.staging.json", error);
        Assert.Same(staging, staging.EnsureEngineIsLocal());
    }

    [Fact]
    public void Environments_on_one_engine_that_share_a_project_subnet_or_port_are_refused()
    {
        var staging = EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Staging);
        var prod = EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Prod) with
        {
            ComposeProject = "pazpaz-staging", EdgeSubnet = staging.EdgeSubnet, HttpsPort = staging.HttpsPort,
        };

        var error = Assert.Throws<EnvironmentConfigurationException>(() => EnvironmentSettings.EnsureApart([staging, prod])).Message;

        Assert.Contains("staging and prod (both on (local engine)): ComposeProject 'pazpaz-staging' is the same", error);
        Assert.Contains("EdgeSubnet 172.16.20.0/24 and 172.16.20.0/24 overlap", error);
        Assert.Contains("staging's HttpsPort and prod's HttpsPort are both host port 9443", error);
        EnvironmentSettings.EnsureApart([staging, prod with { DockerHost = "ssh://deploy@prod.pazpaz.example" }]);
    }

    [Fact]
    public void Every_compose_variable_is_documented_in_the_env_example_and_the_settings_feed_only_real_ones()
    {
        // The benchmark's overlay is not an environment: its variables (a throwaway certificate, fault injection) are its own.
        // The monitoring stack's come from the Monitor target (MonitoringPlannerTests checks they match exactly).
        string[] notEnvironments = ["compose.bench.yaml", "compose.monitoring.yaml", "compose.grafana.yaml"];
        var compose = string.Concat(Directory.GetFiles(RepositoryRoot.Path / "compose", "compose*.yaml")
            .Where(f => !notEnvironments.Contains(Path.GetFileName(f))).Select(File.ReadAllText));
        var used = Regex.Matches(compose, @"\$\{([A-Z0-9_]+)").Select(m => m.Groups[1].Value).ToHashSet();
        var example = File.ReadAllText(RepositoryRoot.Path / "compose" / ".env.example");
        var documented = Regex.Matches(example, @"^([A-Z0-9_]+)=", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var settings = EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Dev);

        Assert.Empty(used.Except(documented));
        Assert.Empty(documented.Except(used));
        Assert.Empty(settings.ComposeVariables().Keys.Except(used));
        Assert.Contains(SecretFiles.DatabasePasswordFileVariable, used);
        foreach (var secret in SecretNames.For(EnvironmentName.Prod))
            Assert.Contains(secret.Name, example);
        // dev's .env.example values are the dev settings, so a hand-run matches what the engine would pass.
        foreach (var (name, value) in settings.ComposeVariables())
            Assert.Contains($"{name}={value}\n", example);
    }
}
