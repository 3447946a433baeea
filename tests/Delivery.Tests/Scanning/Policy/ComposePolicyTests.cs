using Delivery.Scanning.Policy;

namespace Delivery.Tests.Scanning.Policy;

public sealed class ComposePolicyTests
{
    const string Base = "compose/compose.yaml";

    /// <summary>A service that follows every rule; line 3 is its first setting, line 13 its last.</summary>
    const string Hardened = """
        services:
          app:
            image: ${APP_IMAGE:?set APP_IMAGE}
            user: "10001:10001"
            read_only: true
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
            mem_limit: 256m
            cpus: 1.0
            pids_limit: 64
            healthcheck:
              test: ["CMD", "app", "health"]
            tmpfs: ["/tmp"]
        """;

    static PolicyReport Check(string yaml, params (string Location, string Yaml)[] overlays) => ComposePolicy.Check([(Base, yaml), .. overlays]);

    static string With(string setting) => Hardened + "\n    " + setting.Replace("\n", "\n    ", StringComparison.Ordinal) + "\n";

    static string WithoutHealthcheck => Hardened.Replace("    healthcheck:\n      test: [\"CMD\", \"app\", \"health\"]\n", "", StringComparison.Ordinal);

    static string Without(string key) => string.Join('\n', Hardened.Split('\n').Where(l => !l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)));

    static PolicyViolation Single(PolicyReport report, string rule)
    {
        Assert.Equal([rule], report.Violations.Select(v => v.Rule.Id));
        return report.Violations[0];
    }

    [Fact]
    public void A_hardened_service_passes()
    {
        var report = Check(Hardened);

        Assert.Empty(report.Violations);
        Assert.Empty(report.Waived);
    }

    [Fact]
    public void Privileged_is_DC001_at_its_line_with_the_fix()
    {
        var violation = Single(Check(With("privileged: true")), "DC001");

        Assert.Equal(Base, violation.Location);
        Assert.Equal(14, violation.Line);
        Assert.Equal("service 'app': privileged: true gives the container every capability and the host's devices; remove it and add back only the capability the service needs (cap_add)", violation.Message);
        Assert.Empty(Check(With("privileged: false")).Violations);
    }

    [Theory]
    [InlineData("cap_drop", "cap_drop: [NET_RAW]")]
    [InlineData("cap_drop", "")]
    public void Cap_drop_without_ALL_is_DC002(string key, string replacement)
    {
        Single(Check(With(replacement).Replace("    cap_drop: [ALL]\n", "", StringComparison.Ordinal)), "DC002");
        Assert.Empty(Check(Without(key) + "\n    cap_drop:\n      - all\n").Violations);
    }

    [Fact]
    public void Security_opt_without_no_new_privileges_is_DC003_and_an_unconfined_profile_is_DC004()
    {
        Single(Check(Without("security_opt")), "DC003");
        Assert.Empty(Check(Without("security_opt") + "\n    security_opt: [no-new-privileges]\n").Violations);
        var unconfined = Single(Check(Without("security_opt") + "\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:unconfined\n"), "DC004");
        Assert.Equal(15, unconfined.Line);
        Assert.Contains("'seccomp:unconfined'", unconfined.Message);
    }

    [Theory]
    [InlineData("read_only: false")]
    [InlineData("")]
    public void A_writable_root_is_DC005(string readOnly)
    {
        Single(Check(Without("read_only") + "\n    " + readOnly + "\n"), "DC005");
    }

    [Theory]
    [InlineData("", "no user is set")]
    [InlineData("user: root", "runs the container as root")]
    [InlineData("user: \"0:0\"", "runs the container as root")]
    [InlineData("user: \"${APP_UID}\"", "comes from a variable")]
    public void A_missing_root_or_unknowable_user_is_DC006(string user, string message)
    {
        Assert.Contains(message, Single(Check(Without("user") + "\n    " + user + "\n"), "DC006").Message);
    }

    [Theory]
    [InlineData("mem_limit", "DC007")]
    [InlineData("cpus", "DC008")]
    [InlineData("pids_limit", "DC009")]
    public void A_missing_limit_is_its_rule_and_deploy_resources_limits_count_too(string key, string rule)
    {
        Single(Check(Without(key)), rule);
        var deployKey = key switch { "mem_limit" => "memory: 256m", "cpus" => "cpus: '1.0'", _ => "pids: 64" };
        Assert.Empty(Check(Without(key) + $"\n    deploy:\n      resources:\n        limits:\n          {deployKey}\n").Violations);
    }

    [Fact]
    public void An_unlimited_pids_limit_is_DC009()
    {
        Single(Check(Without("pids_limit") + "\n    pids_limit: -1\n"), "DC009");
    }

    [Theory]
    [InlineData("")]
    [InlineData("healthcheck:\n  disable: true")]
    [InlineData("healthcheck:\n  test: [\"NONE\"]")]
    [InlineData("healthcheck:\n  test: NONE")]
    public void A_missing_or_disabled_healthcheck_is_DC010(string healthcheck)
    {
        Single(Check(WithoutHealthcheck + "\n    " + healthcheck.Replace("\n", "\n    ", StringComparison.Ordinal) + "\n"), "DC010");
    }

    [Fact]
    public void A_healthcheck_that_only_tunes_the_images_own_test_passes()
    {
        var yaml = Hardened.Replace("      test: [\"CMD\", \"app\", \"health\"]", "      interval: 5s", StringComparison.Ordinal);

        Assert.Empty(Check(yaml).Violations);
    }

    [Theory]
    [InlineData("- /var/run/docker.sock:/var/run/docker.sock", "engine's socket '/var/run/docker.sock'")]
    [InlineData("- /run/containerd/containerd.sock:/c.sock:ro", "engine's socket")]
    [InlineData("- /etc:/host/etc:ro", "the host's '/etc'")]
    [InlineData("- /:/host", "the host's '/'")]
    [InlineData("- /proc/sys/:/p", "the host's '/proc/sys/'")]
    [InlineData("- type: bind\n  source: /var/lib/docker\n  target: /d", "the host's '/var/lib/docker'")]
    public void A_docker_socket_or_sensitive_host_path_mount_is_DC011(string volume, string message)
    {
        var violation = Single(Check(With("volumes:\n  " + volume.Replace("\n", "\n  ", StringComparison.Ordinal))), "DC011");

        Assert.Equal(15, violation.Line);
        Assert.Contains(message, violation.Message);
    }

    [Fact]
    public void Named_volumes_relative_and_ordinary_host_paths_and_engine_supplied_paths_pass()
    {
        var report = Check(With("volumes:\n  - data:/var/lib/data\n  - ./config:/etc/app:ro\n  - /srv/pazpaz/tls:/etc/tls:ro\n  - /etcetera:/x\n  - ${TLS_DIR:?set it}:/etc/pazpaz/tls:ro\n  - /scratch\n  - type: volume\n    source: etc\n    target: /etc/x"));

        Assert.Empty(report.Violations);
    }

    [Theory]
    [InlineData("network_mode: host", "network")]
    [InlineData("pid: host", "process")]
    [InlineData("ipc: host", "IPC")]
    [InlineData("uts: host", "UTS")]
    [InlineData("userns_mode: host", "user")]
    public void A_host_namespace_is_DC012(string setting, string name)
    {
        Assert.Contains($"host's {name}", Single(Check(With(setting)), "DC012").Message);
        Assert.Empty(Check(With("network_mode: bridge")).Violations);
    }

    [Theory]
    [InlineData("\"5432:5432\"", "data port 5432 on every host interface")]
    [InlineData("6379", "data port 6379 on every host interface")]
    [InlineData("\"0.0.0.0:9000:9000\"", "on '0.0.0.0', which is not 127.0.0.1")]
    [InlineData("\"${PAZPAZ_PUBLIC_ADDRESS:?set it}:5432:5432/tcp\"", "on '${PAZPAZ_PUBLIC_ADDRESS:?set it}'")]
    [InlineData("\"5430-5440:5430-5440\"", "data port 5432")]
    [InlineData("{ target: 6379, published: \"6379\" }", "data port 6379 on every host interface")]
    public void A_data_port_published_beyond_loopback_is_DC013(string port, string message)
    {
        Assert.Contains(message, Single(Check(With("ports:\n  - " + port)), "DC013").Message);
    }

    [Theory]
    [InlineData("\"127.0.0.1:5432:5432\"")]
    [InlineData("\"[::1]:6379:6379\"")]
    [InlineData("\"${PAZPAZ_PUBLIC_ADDRESS:?set it}:${PAZPAZ_HTTPS_PORT:?set it}:8443\"")]
    [InlineData("\"8080:8080\"")]
    [InlineData("{ target: 5432, published: \"5432\", host_ip: 127.0.0.1 }")]
    public void Loopback_data_ports_and_other_ports_pass(string port)
    {
        Assert.Empty(Check(With("ports:\n  - " + port)).Violations);
    }

    [Theory]
    [InlineData("postgres:17", true)]
    [InlineData("postgres", true)]
    [InlineData("pazpaz/api:${TAG}", true)]
    [InlineData("postgres@sha256:0000000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("${PAZPAZ_API_IMAGE:?set PAZPAZ_API_IMAGE (repo@sha256:... or a local tag)}", false)]
    [InlineData("$IMAGE", false)]
    public void A_literal_tag_is_DC014_a_digest_or_a_variable_passes(string image, bool violates)
    {
        var report = Check(Hardened.Replace("${APP_IMAGE:?set APP_IMAGE}", $"\"{image}\"", StringComparison.Ordinal));

        Assert.Equal(violates ? ["DC014"] : Array.Empty<string>(), report.Violations.Select(v => v.Rule.Id));
    }

    [Fact]
    public void A_documented_exception_waives_its_rule_and_keeps_the_reason()
    {
        var report = Check(WithoutHealthcheck + "\n    healthcheck: { disable: true }\n    x-pazpaz-policy-exceptions:\n      DC010: one-off job, exits when done\n");

        Assert.Empty(report.Violations);
        var waived = Assert.Single(report.Waived);
        Assert.Equal("DC010", waived.Violation.Rule.Id);
        Assert.Equal("one-off job, exits when done", waived.Reason);
        Assert.Contains("service 'app': the healthcheck is disabled", waived.Violation.Message);
    }

    [Fact]
    public void An_exception_without_a_reason_waives_nothing_and_is_DC015()
    {
        var report = Check(WithoutHealthcheck + "\n    healthcheck: { disable: true }\n    x-pazpaz-policy-exceptions:\n      DC010: \"  \"\n");

        Assert.Equal(["DC010", "DC015"], report.Violations.Select(v => v.Rule.Id).Order());
        Assert.Contains("gives no reason", report.Violations.Single(v => v.Rule.Id == "DC015").Message);
        Assert.Empty(report.Waived);
    }

    [Theory]
    [InlineData("DF001: not a compose rule", "which is not a compose rule")]
    [InlineData("DC015: cannot waive the waiver rule", "which is not a compose rule")]
    [InlineData("DC001: never privileged anyway", "waives nothing in any view")]
    public void An_exception_for_an_unknown_rule_or_one_that_waives_nothing_is_DC015(string entry, string message)
    {
        var violation = Single(Check(With("x-pazpaz-policy-exceptions:\n  " + entry)), "DC015");

        Assert.Equal(15, violation.Line);
        Assert.Contains(message, violation.Message);
    }

    [Fact]
    public void Merge_keys_apply_shared_settings_and_a_services_own_key_wins()
    {
        var report = Check("""
            x-hardening: &hardening
              user: "10001:10001"
              read_only: true
              cap_drop: [ALL]
              security_opt: ["no-new-privileges:true"]
            x-limits: &limits
              mem_limit: 256m
              cpus: 1.0
              pids_limit: 64
              read_only: false
            services:
              shared:
                <<: [*hardening, *limits]
                image: ${IMAGE}
                healthcheck: { test: ["CMD", "true"] }
              overridden:
                <<: [*hardening, *limits]
                image: ${IMAGE}
                read_only: false
                healthcheck: { test: ["CMD", "true"] }
            """);

        var violation = Single(report, "DC005");
        Assert.Equal(19, violation.Line);
        Assert.StartsWith("service 'overridden':", violation.Message);
    }

    [Fact]
    public void Overlays_are_linted_merged_with_the_base_and_a_view_specific_violation_names_its_views()
    {
        var report = Check(Without("mem_limit"),
            ("compose/compose.prod.yaml", "services:\n  app:\n    mem_limit: 1g\n"),
            ("compose/compose.dev.yaml", "services:\n  app:\n    environment: { A: b }\n"),
            ("compose/compose.staging.yaml", "services:\n  app:\n    environment: { A: b }\n"));

        var violation = Single(report, "DC007");
        Assert.Equal(Base, violation.Location);
        Assert.StartsWith("service 'app' (dev, staging): no memory limit", violation.Message);
    }

    [Fact]
    public void A_violation_in_every_view_is_reported_once_and_one_from_an_overlay_points_into_the_overlay()
    {
        var report = Check(Without("cpus"),
            ("compose/compose.prod.yaml", "services:\n  app:\n    privileged: true\n    ports: [\"5432:5432\"]\n"),
            ("compose/compose.dev.yaml", "services:\n  app: {}\n"));

        Assert.Equal(["DC001", "DC013", "DC008"], report.Violations.Select(v => v.Rule.Id));
        Assert.Equal(("compose/compose.prod.yaml", 3), (report.Violations[0].Location, report.Violations[0].Line));
        Assert.StartsWith("service 'app' (prod):", report.Violations[0].Message);
        Assert.Equal(("compose/compose.prod.yaml", 4), (report.Violations[1].Location, report.Violations[1].Line));
        Assert.Equal((Base, "service 'app': no CPU limit, so one busy service can starve the others; set cpus (for example cpus: 1.0) or deploy.resources.limits.cpus"),
            (report.Violations[2].Location, report.Violations[2].Message));
    }

    [Fact]
    public void An_overlay_can_reset_or_override_a_base_setting_and_the_merged_view_sees_it()
    {
        var reset = Check(Hardened, ("compose/compose.dev.yaml", "services:\n  app:\n    cap_drop: !reset []\n"));
        var overridden = Check(Hardened, ("compose/compose.dev.yaml", "services:\n  app:\n    security_opt: !override [\"label:disable\"]\n"));
        var appended = Check(Hardened, ("compose/compose.dev.yaml", "services:\n  app:\n    security_opt: [\"apparmor=unconfined\"]\n"));

        Single(reset, "DC002");
        Single(overridden, "DC003");
        Assert.Equal(("compose/compose.dev.yaml", 3), (Single(appended, "DC004").Location, appended.Violations[0].Line));
    }

    [Theory]
    [InlineData("services: [unclosed\n", "cannot be read")]
    [InlineData("- a list\n", "must be a YAML mapping")]
    [InlineData("name: x\n", "has no services mapping")]
    public void A_file_that_cannot_be_read_is_DC000_not_a_crash(string yaml, string message)
    {
        Assert.Contains(message, Single(Check(yaml), "DC000").Message);
    }

    [Fact]
    public void Every_rule_names_its_benchmark_item()
    {
        Assert.All(ComposeRules.All.Where(r => r.Id is not ("DC000" or "DC015")), r => Assert.Matches(@"\(CIS Docker Benchmark [45]\.\d+(, 5\.\d+)*\)$", r.Description));
        Assert.Equal(ComposeRules.All.Count, ComposeRules.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(PolicyRules.All.Count, PolicyRules.All.Select(r => r.Id).Distinct().Count());
    }
}
