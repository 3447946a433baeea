using BuildEngine.IO;
using Delivery.Backup;
using Docker.DotNet.Models;
using Integration.Tests.Bootstrap;
using Integration.Tests.Edge;
using Integration.Tests.Images;
using ContainerSpec = Integration.Tests.Images.ContainerSpec;

namespace Integration.Tests.Monitoring;

/// <summary>
/// An environment and its monitoring stack on one private network, named as compose names them (api-blue, postgres,
/// redis, proxy, postgres-exporter, ...), so Prometheus runs with the real dev scrape configuration
/// (compose/monitoring/prometheus/prometheus.dev.yml) and only the test's rules. Prometheus and Alertmanager are
/// published on 127.0.0.1 only. The Docker fixture removes everything at the end of the run.
/// </summary>
public sealed class MonitoringEnvironment
{
    const string Network = "monitoring";

    MonitoringEnvironment(DockerFixture docker) => Docker = docker;

    public DockerFixture Docker { get; }
    public RunningContainer Api { get; private set; } = null!;
    public RunningContainer Prometheus { get; private set; } = null!;
    public RunningContainer Alertmanager { get; private set; } = null!;
    public Uri PrometheusUrl => new($"http://127.0.0.1:{Prometheus.Ports[9090]}");
    public Uri AlertmanagerUrl => new($"http://127.0.0.1:{Alertmanager.Ports[9093]}");

    public static async Task<MonitoringEnvironment> StartAsync(DockerFixture docker)
    {
        var environment = new MonitoringEnvironment(docker);
        await environment.StartAsync();
        return environment;
    }

    async Task StartAsync()
    {
        var root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
        var (api, postgres, redis, proxy) = (await Docker.BuildAsync("api"), await Docker.BuildAsync("postgres"), await Docker.BuildAsync("redis"), await Docker.BuildAsync("proxy"));
        var (exporters, prometheus, alertmanager) = (await Docker.BuildAsync("exporters"), await Docker.BuildAsync("prometheus"), await Docker.BuildAsync("alertmanager"));
        var work = Docker.WorkDirectory / "monitoring";
        var secret = new Mount { Type = "bind", Source = ReadableFile(work / "db-password", "monitoring-" + Guid.NewGuid().ToString("N")), Target = "/run/secrets/db-password", ReadOnly = true };
        await Docker.CreateNetworkAsync(Network);

        var database = await Docker.RunAsync(new ContainerSpec("monitoring-postgres", postgres.Id)
        {
            Network = Network, Alias = "postgres", Mounts = [secret],
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "POSTGRES_DB=pazpaz"],
        });
        var cache = await Docker.RunAsync(new ContainerSpec("monitoring-redis", redis.Id) { Network = Network, Alias = "redis" });
        await ExpectHealthyAsync(database, "postgres", TimeSpan.FromSeconds(90));
        await ExpectHealthyAsync(cache, "redis", TimeSpan.FromSeconds(60));

        string[] settings = ["DATABASE_HOST=postgres", "DATABASE_USER=postgres", "DATABASE_PASSWORD_FILE=/run/secrets/db-password", "REDIS_URL=redis://redis:6379/0"];
        var migrate = await Docker.RunAsync(new ContainerSpec("monitoring-migrate", api.Id) { Network = Network, Mounts = [secret], Environment = settings, Command = ["migrate"] });
        var exit = await Docker.Client.Containers.WaitContainerAsync(migrate.Id);
        Assert.True(exit.StatusCode == 0, "migrate failed: " + await Docker.LogsAsync(migrate.Id));
        Api = await Docker.RunAsync(new ContainerSpec("monitoring-api", api.Id) { Network = Network, Alias = "api-blue", Mounts = [secret], Environment = settings });
        await ExpectHealthyAsync(Api, "api", TimeSpan.FromSeconds(60));

        // The edge with its internal stub_status listener; no web container (its upstream name points nowhere).
        var certificates = new TestCertificateAuthority(EdgeEnvironment.ServerName).WriteTo(work / "tls");
        var edge = await Docker.RunAsync(new ContainerSpec("monitoring-proxy", proxy.Id)
        {
            Network = Network, Alias = "proxy", ExtraHosts = ["web:127.0.0.1"],
            Mounts = [new Mount { Type = "bind", Source = certificates, Target = "/etc/pazpaz/tls", ReadOnly = true }],
            Environment = ["PAZPAZ_SERVER_NAME=" + EdgeEnvironment.ServerName, "PAZPAZ_SENTRY_ORIGIN=https://o1.ingest.sentry.io"],
        });
        await ExpectHealthyAsync(edge, "proxy", TimeSpan.FromSeconds(30));

        // What Backup/RestoreDrill write with --metrics-directory, read by the node exporter's textfile collector.
        var metrics = work / "metrics";
        // Every textfile metric the build writes, rendered by the real writers, so the dashboards are linted against a live scrape of them.
        var now = DateTimeOffset.UtcNow;
        var set = new BackupSet("20261127-000000F", "full", now, now, 1_000_000, 400_000, new Dictionary<string, string>());
        Delivery.Metrics.TextfileMetrics.WriteTo(metrics, "restore_drill_dev", BackupMetrics.Drill("dev", new DrillReport("test", [], TimeSpan.FromSeconds(42), TimeSpan.FromSeconds(84), now), now));
        Delivery.Metrics.TextfileMetrics.WriteTo(metrics, "backup_dev", BackupMetrics.Backup("dev", new BackupReport(set, "p", [], true, TimeSpan.FromSeconds(15)), now));
        Delivery.Metrics.TextfileMetrics.WriteTo(metrics, "release_dev", Delivery.Monitoring.ReleaseMetrics.Render("dev", new Delivery.Audit.CurrentRelease("sha256:" + new string('a', 64), null, "deploy-1", 3, now)));
        Delivery.Metrics.TextfileMetrics.WriteTo(metrics, "certificate_dev", Delivery.Edge.CertificateMetrics.Render("dev", "app.pazpaz.test", now.AddDays(60)));
        MakeReadable(metrics);

        var exporterContainers = new List<(RunningContainer Container, string Name)>();
        foreach (var (name, extra, mounts) in new (string, string[], Mount[])[]
                 {
                     ("postgres", ["DATA_SOURCE_URI=postgres:5432/pazpaz?sslmode=disable", "DATA_SOURCE_USER=postgres", "DATA_SOURCE_PASS_FILE=/run/secrets/db-password"], [secret]),
                     ("redis", ["PAZPAZ_REDIS_ADDRESS=redis://redis:6379"], []),
                     ("nginx", ["PAZPAZ_NGINX_STATUS_URL=http://proxy:8082/stub_status"], []),
                     ("node", [], [new Mount { Type = "bind", Source = metrics, Target = "/var/lib/prometheus/node-exporter", ReadOnly = true }]),
                 })
            exporterContainers.Add((await Docker.RunAsync(new ContainerSpec($"monitoring-{name}-exporter", exporters.Id)
            {
                Network = Network, Alias = $"{name}-exporter", Command = [name], Environment = extra, Mounts = mounts,
            }), $"{name} exporter"));

        Alertmanager = await Docker.RunAsync(new ContainerSpec("monitoring-alertmanager", alertmanager.Id)
        {
            Network = Network, Alias = "alertmanager", PublishPort = 9093,
            Mounts = [new Mount { Type = "bind", Source = root / "compose" / "monitoring" / "alertmanager" / "alertmanager.yml", Target = "/etc/alertmanager/alertmanager.yml", ReadOnly = true }],
        });
        Prometheus = await Docker.RunAsync(new ContainerSpec("monitoring-prometheus", prometheus.Id)
        {
            Network = Network, Alias = "prometheus", PublishPort = 9090,
            Mounts =
            [
                new Mount { Type = "bind", Source = root / "compose" / "monitoring" / "prometheus" / "prometheus.dev.yml", Target = "/etc/prometheus/prometheus.yml", ReadOnly = true },
                new Mount { Type = "bind", Source = root / "compose" / "monitoring" / "prometheus" / "rules", Target = "/etc/prometheus/rules", ReadOnly = true },
            ],
        });
        foreach (var (container, name) in exporterContainers)
            await ExpectHealthyAsync(container, name, TimeSpan.FromSeconds(40));
        await ExpectHealthyAsync(Alertmanager, "alertmanager", TimeSpan.FromSeconds(40));
        await ExpectHealthyAsync(Prometheus, "prometheus", TimeSpan.FromSeconds(40));
    }

    async Task ExpectHealthyAsync(RunningContainer container, string name, TimeSpan timeout)
    {
        var health = await Docker.WaitForHealthAsync(container.Id, timeout);
        Assert.True(health == "healthy", $"{name} is {health} after {timeout.TotalSeconds:0} s, not healthy. Its log:\n{await Docker.LogsAsync(container.Id)}");
    }

    /// <summary>Containers read bind mounts as their own non-root uid: the test's files are world-readable, its folders searchable.</summary>
    static string ReadableFile(AbsolutePath file, string content)
    {
        Directory.CreateDirectory(file.Parent!);
        File.WriteAllText(file, content);
        MakeReadable(file.Parent!);
        return file;
    }

    static void MakeReadable(AbsolutePath directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in Directory.GetFiles(directory))
            File.SetUnixFileMode(file, readable);
        // Only the mounted folder itself: the engine resolves the bind source as root, the container sees just the mount.
        File.SetUnixFileMode(directory, readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
