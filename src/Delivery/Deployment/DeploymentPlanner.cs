using System.Globalization;
using Delivery.Execution;

namespace Delivery.Deployment;

/// <summary>
/// The steps of a blue/green deploy as data, phase by phase (anchors-deploy.md §5.2). Each method returns what one phase
/// runs; <see cref="Deployer"/> runs them in order and decides between them. Nothing here executes.
/// </summary>
public sealed class DeploymentPlanner(Topology topology, IReadOnlyDictionary<string, string> variables, IReadOnlyDictionary<string, string> secrets)
{
    public Topology Topology { get; } = topology;

    /// <summary>The Docker client configuration with the registry login for pulls (<c>DOCKER_CONFIG</c>), if one is needed.</summary>
    public string? PullConfiguration { get; init; }

    // ---- questions (read-only probes) ----

    /// <summary>Where live/route links (<c>routes/green</c>), or <c>none</c> without a link; parsed by <see cref="Deployment.Route.Parse"/>.</summary>
    public Step ReadRoute() =>
        Step.Run("Read the edge's route", "docker", "exec", Topology.ProxyContainer, "sh", "-c", "readlink \"$0/route\" || echo none", Deployment.Route.Directory);

    public Step InspectSlot(Colour colour) =>
        Step.Run($"Inspect the {colour.Name()} slot", "docker", "inspect", "--format",
            "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.RestartCount}} {{.Config.Image}} {{index .Config.Labels \"app.digest\"}}",
            Topology.ApiContainer(colour));

    public Step InspectLock() =>
        Step.Run("Who holds the deploy lock?", "docker", "inspect", "--format",
            "{{index .Config.Labels \"org.pazpaz.lock.holder\"}}|{{index .Config.Labels \"org.pazpaz.lock.deploy-id\"}}|{{index .Config.Labels \"org.pazpaz.lock.lease-until\"}}",
            Topology.LockContainer);

    /// <summary>The database's Alembic revision (fails before the first migration).</summary>
    public Step DatabaseRevision() => QueryDatabase("Read the database's migration revision", "SELECT version_num FROM alembic_version");

    /// <summary>One query in the environment's PostgreSQL, psql's unaligned output (<c>-tA -F '|'</c>); the password is read inside the container, never passed.</summary>
    public Step QueryDatabase(string description, string sql) => Step.Run(description, "docker", "exec", $"{Topology.Project}-postgres-1", "sh", "-c",
        "PGPASSWORD=\"$(cat /run/secrets/db-password)\" exec psql -h /tmp -U postgres -d pazpaz -v ON_ERROR_STOP=1 -tA -F '|' -c \"$0\"", sql);

    /// <summary>The migrations a running slot's code knows (<see cref="MigrationHistory"/>).</summary>
    public Step SlotMigrations(Colour colour) =>
        Step.Run($"List the {colour.Name()} slot's migrations", "docker", "exec", Topology.ApiContainer(colour), "python3", "-m", "app", "migrations");

    /// <summary>The migrations an api image knows, from a throwaway container with no network and nothing writable.</summary>
    public Step ImageMigrations(string image) =>
        Step.Run($"List the migrations of {image}", "docker", "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--user", "10001:10001", image, "migrations") with { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A repository's images on the engine, a line each: <c>repo@sha256:… &lt;tag&gt;</c> (<c>&lt;none&gt;</c> when only pulled by digest).</summary>
    public Step RepositoryImages(string repository) =>
        Step.Run($"List the images of {repository}", "docker", "image", "ls", "--no-trunc", "--digests", "--format", "{{.Repository}}@{{.Digest}} {{.Tag}}", repository);

    /// <summary>The image every container on the engine was created from, running or not (as given at create: a digest reference for a release).</summary>
    public Step ContainerImages() => Step.Run("Which images do containers use?", "docker", "ps", "--all", "--no-trunc", "--format", "{{.Image}}");

    /// <summary>The id of the web container (a new one after compose recreated it).</summary>
    public Step WebContainer() => Step.Run("Which container serves web?", "docker", "inspect", "--format", "{{.Id}}", $"{Topology.Project}-web-1");

    /// <summary>The image a running shared service uses (a rollback keeps every service but the api as it is).</summary>
    public Step ServiceImage(string service) =>
        Step.Run($"Which image does {service} run?", "docker", "inspect", "--format", "{{.Config.Image}}", $"{Topology.Project}-{service}-1");

    public Step ImagePresent(string image) =>
        Step.Run($"Is {image} on the engine?", "docker", "image", "inspect", "--format", "{{.Id}}", image);

    /// <summary>The last <paramref name="lines"/> lines of the edge's JSON access log, each with docker's timestamp (the bake reads the new colour's 5xx ratio from it, poll by poll: <see cref="AccessLogTail"/>).</summary>
    public Step ProxyAccessLog(int lines) => Step.Run("Read the proxy's access log", "docker", "logs",
        "--timestamps", "--tail", lines.ToString(CultureInfo.InvariantCulture), Topology.ProxyContainer);

    /// <summary>
    /// Ends the old workers that outlived the wait (SIGTERM: that worker alone closes its connections now). The master
    /// does not replace an old generation's worker; the current workers are untouched.
    /// </summary>
    public Plan EndOldProxyWorkers() => new("End nginx's old workers",
    [
        Step.Run("End nginx's old workers that still hold connections (their clients reconnect to the current workers)", "docker", "exec", Topology.ProxyContainer, "sh", "-c",
            "for f in $(grep -l 'shutting [d]own' /proc/[0-9]*/cmdline 2>/dev/null); do p=${f#/proc/}; kill -TERM ${p%/cmdline} 2>/dev/null; done; true"),
    ]);

    /// <summary>The pids of nginx's current workers (not shutting down), comma-separated.</summary>
    public Step CurrentProxyWorkers() => Step.Run("List nginx's current workers", "docker", "exec", Topology.ProxyContainer, "sh", "-c",
        CurrentWorkerPids + " | paste -sd,");

    /// <summary>Shell: the pids of nginx's workers that are not shutting down, one per line ([p], [d]: the patterns must not match this script's own command line).</summary>
    const string CurrentWorkerPids =
        "for f in $(grep -l 'worker [p]rocess' /proc/[0-9]*/cmdline 2>/dev/null); do grep -q 'shutting [d]own' \"$f\" || echo \"$f\"; done | cut -d/ -f3";

    /// <summary>nginx workers a reload made old that still hold connections (their title says "shutting down").</summary>
    public Step OldProxyWorkers() => Step.Run("Count nginx's old workers", "docker", "exec", Topology.ProxyContainer, "sh", "-c",
        // [d]: the pattern must not match this shell's and grep's own command lines.
        "grep -l 'shutting [d]own' /proc/[0-9]*/cmdline 2>/dev/null | wc -l");

    /// <summary>"true" only when it runs and is not in a restart loop (a crash-looping proxy refuses every exec).</summary>
    public Step ProxyRunning() =>
        Step.Run("Is the proxy running?", "docker", "inspect", "--format", "{{and .State.Running (not .State.Restarting)}}", Topology.ProxyContainer);

    // ---- phases ----

    /// <summary>Docker refuses a second container of the same name, so creating (never starting) one is an atomic lock.</summary>
    public Plan Lock(DeployLockHolder holder) => new($"Lock {Topology.Environment}",
    [
        Step.Run($"Take the {Topology.Environment} deploy lock (held by {holder.Actor} until {holder.LeaseUntil:u})",
            "docker", "create", "--name", Topology.LockContainer,
            "--label", "org.pazpaz.lock.holder=" + holder.Actor,
            "--label", "org.pazpaz.lock.deploy-id=" + holder.DeployId,
            "--label", "org.pazpaz.lock.lease-until=" + holder.LeaseUntil.ToUnixTimeSeconds(),
            "--network", "none", Topology.LockImage, "true"),
    ]);

    public Plan Unlock() => new($"Unlock {Topology.Environment}",
        [Step.Run($"Release the {Topology.Environment} deploy lock", "docker", "rm", "--force", Topology.LockContainer)]);

    public Plan Preflight(bool proxyRunning) => new("Preflight",
    [
        Step.Run("The engine answers", "docker", "version", "--format", "{{.Server.Version}}"),
        .. proxyRunning ? [Step.Run("The live nginx configuration is valid", "docker", "exec", Topology.ProxyContainer, "nginx", "-t", "-q")] : Array.Empty<Step>(),
    ]);

    /// <summary>Pulled before anything changes (images already on the engine are not: a rollback works with the registry down).</summary>
    public Plan Pull(IEnumerable<string> missing) => new("Pull the release",
        missing.Distinct().Select(image => new Step($"Pull {image}", ["docker", "pull", "--quiet", image], Timeout: TimeSpan.FromMinutes(10))
            .With(PullConfiguration is { } configuration ? new Dictionary<string, string> { ["DOCKER_CONFIG"] = configuration } : new Dictionary<string, string>()))
            .ToList());

    /// <summary>
    /// The shared services are started when missing and never recreated by a deploy: every release's images carry new
    /// labels, and recreating postgres or redis under the live colour would cut it off. The SPA is updated after the switch.
    /// </summary>
    public Plan Shared(Release release, string blueImage, string greenImage) => new("Shared services",
    [
        ComposeStep("Start postgres, redis and web if they are not running (running ones are left alone)", release, blueImage, greenImage,
            "up", "--detach", "--no-deps", "--no-recreate", "--wait", "--wait-timeout", "120", "postgres", "redis", "web"),
    ]);

    /// <summary>The release's SPA: compose recreates web only when its image or configuration changed (<see cref="ResolveWeb"/> follows then).</summary>
    public Plan UpdateWeb(Release release, string blueImage, string greenImage) => new("Update the SPA",
    [
        ComposeStep($"Serve the SPA of {release.Version}", release, blueImage, greenImage, "up", "--detach", "--no-deps", "--wait", "--wait-timeout", "60", "web"),
    ]);

    /// <summary>After web was recreated: nginx resolved its name at the last reload, so it reloads to find the new container.</summary>
    public Plan ResolveWeb() => new("Resolve web",
    [
        Step.Run("nginx accepts the configuration", "docker", "exec", Topology.ProxyContainer, "nginx", "-t", "-q"),
        ReloadProxy("Reload nginx (it resolves web's new address)"),
    ]);

    public Plan Migrate(Release release, string blueImage, string greenImage) => new("Migrate",
    [
        ComposeStep($"Run the migrations of {release.Version} (expand-only) in a one-off container", release, blueImage, greenImage,
            "run", "--rm", "--no-deps", "migrate") with { Timeout = TimeSpan.FromMinutes(10) },
    ]);

    public Plan StartSlot(Colour colour, Release release, string blueImage, string greenImage, string deployId) => new($"Start {colour.Name()}",
    [
        ComposeStep($"Start {release.Version} in the idle {colour.Name()} slot ({Topology.Address(colour)})", release, blueImage, greenImage,
            "up", "--detach", "--no-deps", "--force-recreate", colour.Service()).With(new Dictionary<string, string>
            {
                [$"PAZPAZ_API_{colour.Name().ToUpperInvariant()}_DIGEST"] = release.Api,
                [$"PAZPAZ_API_{colour.Name().ToUpperInvariant()}_VERSION"] = release.Version,
                [$"PAZPAZ_API_{colour.Name().ToUpperInvariant()}_DEPLOY_ID"] = deployId,
            }),
    ]);

    /// <summary>The first start of an environment: the proxy comes up after the api it will route to.</summary>
    public Plan StartProxy(Release release, string blueImage, string greenImage) => new("Start the proxy",
    [
        ComposeStep("Start or update the proxy", release, blueImage, greenImage, "up", "--detach", "--no-deps", "--wait", "--wait-timeout", "60", "proxy"),
    ]);

    /// <summary>
    /// Points the edge at <paramref name="route"/>: its directory of markers is (re)made, and a link to it renamed over
    /// live/route, an atomic replace. nginx reads the markers per request, so nothing reloads and no connection moves;
    /// the caller proves the result through the public server (<see cref="Deployer"/>'s switch) and routes back on failure.
    /// </summary>
    public Plan Route(Route route, string why) => new(why,
    [
        Step.Run($"Route the edge: {route.Name} ({why})", "docker", "exec", Topology.ProxyContainer, "sh", "-c",
            "cd \"$0\" && mkdir -p \"routes/$1\" && for marker in $2; do : > \"routes/$1/$marker\" || exit 1; done && ln -sfn \"routes/$1\" .route.next && mv -fT .route.next route",
            Deployment.Route.Directory, route.Name, string.Join(' ', route.Markers)),
    ]);

    /// <summary>
    /// <c>nginx -s reload</c> returns once the signal is sent; the master starts new workers and retires the old ones
    /// after that. This step returns only when none of the workers that served before it is still current, so what
    /// follows sees the new configuration: the version check after a switch, and the list of current workers that the
    /// WebSocket re-homing keeps (read too early, it kept an old worker's sockets, and the retire waited 20 s for that
    /// worker). A master that took the signal but kept its old workers (a configuration it could not apply) fails it.
    /// </summary>
    Step ReloadProxy(string description) => Step.Run(description, "docker", "exec", Topology.ProxyContainer, "sh", "-c", ReloadAndWait);

    const string ReloadAndWait = $$"""
        before=$({{CurrentWorkerPids}})
        nginx -s reload || exit 1
        i=0
        while [ $i -lt 200 ]; do
          now=$({{CurrentWorkerPids}})
          left=$(for p in $before; do echo "$now" | grep -qx "$p" && echo "$p"; done)
          [ -z "$left" ] && exit 0
          i=$((i + 1))
          sleep 0.05
        done
        echo "nginx took the reload signal, but 10 s later its old workers still serve: the new configuration is not in effect (the proxy's log says why)" >&2
        exit 1
        """;

    /// <summary>
    /// The api closes the WebSockets open now with 1012, spread over <paramref name="spread"/> so that clients reconnect
    /// without a herd; it answers at once, and the caller waits out the spread. With <paramref name="keepEdgeWorkers"/>
    /// (nginx's current workers), sockets those workers relay stay open: only the ones old workers hold close.
    /// </summary>
    public Plan Drain(Colour colour, TimeSpan spread, IReadOnlyList<int>? keepEdgeWorkers = null)
    {
        var query = "spread_ms=" + ((long)spread.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)
            + (keepEdgeWorkers is { Count: > 0 } ? "&keep_edge_workers=" + string.Join(',', keepEdgeWorkers.Select(p => p.ToString(CultureInfo.InvariantCulture))) : "");
        var which = keepEdgeWorkers is { Count: > 0 } ? "the WebSockets nginx's old workers hold" : "its WebSockets";
        return new($"Drain {colour.Name()}",
        [
            // bash's /dev/tcp, as the healthcheck: a Python started for one request costs ~0.2 s of CPU beside the live colour.
            Step.Run($"Ask the {colour.Name()} api to close {which} with 1012 over {spread.TotalSeconds:0} s", "docker", "exec", Topology.ApiContainer(colour), "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'POST /internal/drain?%s HTTP/1.0\\r\\nHost: localhost\\r\\nContent-Length: 0\\r\\n\\r\\n' \"$1\" >&3 " +
                "&& read -r -t 30 status <&3 && [[ $status == *' 200 '* ]] || { echo \"drain answered: ${status:-nothing}\" >&2; exit 1; }",
                "drain", query),
        ]);
    }

    public Plan Retire(Colour colour) => new($"Retire {colour.Name()}",
    [
        Step.Run($"Stop the {colour.Name()} slot (SIGTERM, in-flight requests finish; SIGKILL after 30 s)", "docker", "stop", "--time", "30", Topology.ApiContainer(colour)),
    ]);

    /// <summary>The api colours' restart policy in compose.yaml (x-hardening), put back when a bake ends well.</summary>
    public const string RestartPolicy = "unless-stopped";

    /// <summary>
    /// Off for the bake: with the old colour warm as the route's backup, a crash is the verdict, and a restart would only
    /// start a Python process beside the traffic that just moved back. On again once the release is kept.
    /// </summary>
    public Plan Restarts(Colour colour, bool on) => new(on ? $"{colour.Name()} restarts by itself again" : $"{colour.Name()} bakes without restarts",
    [
        Step.Run(on ? $"Let Docker restart the {colour.Name()} slot again ({RestartPolicy})" : $"No restarts for the {colour.Name()} slot while the old colour is its backup",
            "docker", "update", "--restart", on ? RestartPolicy : "no", Topology.ApiContainer(colour)),
    ]);

    /// <summary>
    /// A crashed colour's stop (the bake's flip-back). Docker does not signal a container it is restarting, so a plain
    /// stop that lands while a restart is under way waits for SIGKILL (21 s in the deploy benchmark) while the restarted
    /// process serves on. So: no more restarts, wait until it has settled (running or exited), then stop the real process.
    /// </summary>
    public Plan StopCrashed(Colour colour) => new($"Stop crashed {colour.Name()}",
    [
        Step.Run($"Turn off the {colour.Name()} slot's restarts (the next deploy recreates it)", "docker", "update", "--restart", "no", Topology.ApiContainer(colour)),
        Step.WaitUntil($"The {colour.Name()} slot is not between a crash and its restart", TimeSpan.FromSeconds(15), "bash", "-c",
            "[ \"$(docker inspect --format '{{.State.Restarting}}' \"$1\")\" = false ]", "restarting", Topology.ApiContainer(colour)),
        .. Retire(colour).Steps,
    ]);

    /// <summary>Maintenance on: the include that answers 503 everywhere but health and ACME (nginx/maintenance.conf) goes into live/.</summary>
    public Plan Maintenance(bool on) => new(on ? "Maintenance on" : "Maintenance off",
    [
        on
            ? Step.Run("Switch maintenance on (503 with Retry-After; health stays 200)", "docker", "exec", Topology.ProxyContainer, "cp", "/etc/nginx/pazpaz/maintenance.conf", "/etc/nginx/pazpaz/live/maintenance.conf")
            : Step.Run("Switch maintenance off", "docker", "exec", Topology.ProxyContainer, "rm", "-f", "/etc/nginx/pazpaz/live/maintenance.conf"),
        Step.Run("nginx accepts the configuration", "docker", "exec", Topology.ProxyContainer, "nginx", "-t", "-q"),
        ReloadProxy("Reload nginx"),
    ]);

    /// <summary>Removes a release image the ledger never named; without --force, so Docker also refuses one a container uses.</summary>
    public Plan Prune(string image) => new($"Prune {image}", [Step.Run($"Remove {image} (no ledger record names it)", "docker", "image", "rm", image)]);

    /// <summary>A proxy this deploy started for an environment where nothing was live: removed with the failed first release.</summary>
    public Plan RemoveProxy() => new("Remove the proxy",
        [Step.Run("Remove the proxy this deploy started (nothing was live before it)", "docker", "rm", "--force", Topology.ProxyContainer)]);

    public Plan RemoveSlot(Colour colour) => new($"Remove {colour.Name()}",
        [Step.Run($"Remove the {colour.Name()} candidate (it never took traffic)", "docker", "rm", "--force", Topology.ApiContainer(colour))]);

    Step ComposeStep(string description, Release release, string blueImage, string greenImage, params string[] arguments) =>
        new Step(description, [.. Topology.Compose, .. arguments], Timeout: TimeSpan.FromMinutes(5))
            .With(variables.Concat(release.ComposeImages(blueImage, greenImage)).ToDictionary(p => p.Key, p => p.Value), secrets);
}

/// <summary>Who holds an environment's deploy lock and until when (after the lease, a rerun may break it, audited).</summary>
public sealed record DeployLockHolder(string Actor, string DeployId, DateTimeOffset LeaseUntil);
