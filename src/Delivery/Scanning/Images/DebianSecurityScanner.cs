using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;

namespace Delivery.Scanning.Images;

/// <summary>
/// Finds installed Debian packages in the built images that have a pending update in the Debian security suite. Each
/// image's dpkg database is read without running the image; one container of the base image runs <c>apt-get update</c>
/// once, then <c>apt-get -s dist-upgrade</c> against each image's database, and only upgrades whose new version comes
/// from the security suite become findings. Works for slim images without apt, since apt runs in the scanner.
/// </summary>
/// <remarks>
/// <para>Severity: Debian's package index carries none. The security suite only receives fixes the security team
/// releases with an advisory (DSA/DLA); fixes for minor issues wait for a point release instead. So every pending
/// security-suite update is reported as <see cref="Severity.High"/>, which the gate fails on, since a fix exists.</para>
/// <para>Id: <c>DEBIAN-SECURITY:&lt;source package&gt;@&lt;fixed version&gt;</c>, one per security upload (roughly one
/// advisory); the binary packages of one upload share it, and a later upload for the same source is a new finding, so
/// an ignore entry never silences future fixes. The advisory's own DSA/CVE ids are not in the index.</para>
/// <para>An unreachable mirror fails the scan rather than skipping it: an image cannot be called up to date against
/// an index that could not be read, and a blocked mirror must not turn the gate green.</para>
/// </remarks>
public sealed class DebianSecurityScanner(IDockerClient client, DebianSecuritySettings? settings = null) : IScanner
{
    const string ScanRoot = "/scan";
    const string Preferences = ScanRoot + "/security.pref";

    // The slim base turns apt's caches off; the index part is the same for every image, so keeping it saves a third per image.
    const string SourceCache = "Dir::Cache::srcpkgcache=/var/cache/apt/srcpkgcache.bin";
    readonly DebianSecuritySettings _settings = settings ?? new DebianSecuritySettings();

    public string Name => "debian-security";

    public async Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        if (target.Images.Count == 0)
            return ScannerResult.NotAvailable(Name, "No images to scan; build them first (./build.sh DockerBuild).");
        try
        {
            if (!await ImageExistsAsync(_settings.ScannerImage, cancellationToken))
                return ScannerResult.NotAvailable(Name, $"apt runs in a container of {_settings.ScannerImage}, which this engine does not have; ./build.sh DockerBuild bootstraps it.");
            return await ScanImagesAsync(target.Images, progress, stopwatch, cancellationToken);
        }
        catch (DockerApiException e)
        {
            return ScannerResult.Failed(Name, $"The Docker engine refused a request: {e.StatusCode} {e.ResponseBody?.Trim()}");
        }
        catch (HttpRequestException e)
        {
            return ScannerResult.Failed(Name, $"The Docker engine did not answer ({e.Message}); run ./build.sh EnsureDocker.");
        }
    }

    async Task<ScannerResult> ScanImagesAsync(IReadOnlyList<ScannedImage> images, Action<string> progress, Stopwatch stopwatch, CancellationToken cancellation)
    {
        var databases = new List<(ScannedImage Image, ImagePackages Packages)>();
        var notes = new List<string>();
        foreach (var image in images)
        {
            var packages = await ImagePackages.ReadAsync(client, image.Reference, cancellation);
            if (!packages.HasDpkgDatabase)
            {
                notes.Add($"{image.Reference} has no dpkg database (not Debian-based), so nothing to check");
                progress($"{image.Reference}: no dpkg database, nothing to check");
                continue;
            }
            if (packages.Release.Id != "debian" || packages.Release.Codename != _settings.Suite)
                return ScannerResult.Failed(Name, $"{image.Reference} is '{packages.Release.PrettyName}', not Debian {_settings.Suite}; " +
                    $"its packages cannot be judged against {_settings.SecuritySuite}. Build it on {_settings.ScannerImage}.");
            databases.Add((image, packages));
        }
        if (databases.Count == 0)
            return ScannerResult.Ran(Name, [], string.Join("; ", notes));

        var files = databases.Select((d, i) => (Path: StatusPath(i), d.Packages.StatusText))
            .ToDictionary(f => f.Path, f => f.StatusText);
        files[Preferences] = SecurityFirst();
        await using var apt = await ScratchContainer.StartAsync(client, _settings.ScannerImage, Name, files, _settings.Network, cancellation);

        progress($"Fetching the package indexes ({_settings.SecuritySuite} included) in {_settings.ScannerImage} ...");
        var update = await UpdateAsync(apt, cancellation);
        if (update.Failure is { } failure)
            return ScannerResult.Failed(Name, failure);
        progress($"Package indexes fetched in {Seconds(update.Duration)}");

        var findings = new List<Finding>();
        for (var i = 0; i < databases.Count; i++)
        {
            var (image, packages) = databases[i];
            var simulation = await apt.ExecAsync(SimulateUpgrade(StatusPath(i)), cancellation);
            if (simulation.ExitCode != 0)
                return ScannerResult.Failed(Name, $"apt could not plan an upgrade of {image.Reference}'s packages (exit {simulation.ExitCode}):\n{simulation.Tail()}");
            var pending = ToFindings(image, packages, AptSimulation.ParseUpgrades(simulation.Output));
            findings.AddRange(pending);
            progress($"{image.Reference}: {packages.Packages.Count} packages, {pending.Count} with a pending security update ({Seconds(simulation.Duration)})");
        }

        var summary = $"{databases.Count} images, {findings.Count} pending security updates in {findings.Select(f => f.Location).Distinct().Count()} of them; " +
                      $"index fetch {Seconds(update.Duration)}, {Seconds(stopwatch.Elapsed)} in all";
        return ScannerResult.Ran(Name, findings, string.Join("; ", notes.Prepend(summary)));
    }

    async Task<(TimeSpan Duration, string? Failure)> UpdateAsync(ScratchContainer apt, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_settings.UpdateTimeout);
        ExecResult update;
        try
        {
            update = await apt.ExecAsync(["apt-get", "update", "-qq", "-o", "Acquire::Retries=2", "-o", "Acquire::http::Timeout=20", "-o", SourceCache], timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (_settings.UpdateTimeout, $"Fetching the package indexes from the Debian mirror took longer than {_settings.UpdateTimeout.TotalMinutes:0} min; " +
                "no image can be called up to date without them. Check that containers reach the mirror named in " +
                $"{_settings.ScannerImage}'s /etc/apt/sources.list.d.");
        }
        // apt-get update may exit 0 with fetch warnings; the security suite must be among the indexes apt now knows.
        var policy = await apt.ExecAsync(["apt-cache", "policy"], cancellation);
        var fetchFailed = update.ExitCode != 0 || update.Output.Split('\n').Any(l => l.StartsWith("E:", StringComparison.Ordinal) || l.Contains("Failed to fetch", StringComparison.Ordinal));
        if (fetchFailed || !policy.Output.Contains($"n={_settings.SecuritySuite},", StringComparison.Ordinal))
            return (update.Duration, $"The Debian mirror did not deliver the {_settings.SecuritySuite} index (apt-get update exit {update.ExitCode}); " +
                "no image can be called up to date without it. Check that containers reach the mirror named in " +
                $"{_settings.ScannerImage}'s /etc/apt/sources.list.d. apt said:\n{update.Tail()}");
        return (update.Duration, null);
    }

    IReadOnlyList<Finding> ToFindings(ScannedImage image, ImagePackages packages, IReadOnlyList<AptUpgrade> upgrades)
    {
        var installed = packages.Packages.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return upgrades.Where(u => u.FromSecuritySuite)
            .OrderBy(u => u.Package, StringComparer.Ordinal)
            .Select(u =>
            {
                var source = installed.TryGetValue(u.Package, out var package) ? package.Source : u.Package;
                return new Finding
                {
                    Scanner = Name,
                    Id = $"DEBIAN-SECURITY:{source}@{u.CandidateVersion}",
                    Kind = FindingKind.Vulnerability,
                    Severity = Severity.High,
                    Location = image.Reference,
                    Package = u.Package,
                    InstalledVersion = u.InstalledVersion,
                    FixedVersion = u.CandidateVersion,
                    Message = $"{_settings.SecuritySuite} fixes source package '{source}'; rebuild on a base with current security updates: ./build.sh DockerBuild --refresh-base",
                };
            })
            .ToList();
    }

    /// <summary>
    /// Prefers the security suite over a newer point-release version (priority 990 beats the default 500, yet never
    /// downgrades an installed package), so a pending security fix shows as such even when the main archive has moved on.
    /// </summary>
    string SecurityFirst() => $"Package: *\nPin: release n={_settings.SecuritySuite}\nPin-Priority: 990\n";

    static string StatusPath(int index) => $"{ScanRoot}/images/{index}/status";

    static string[] SimulateUpgrade(string status) =>
        ["apt-get", "-s", "-o", $"Dir::State::status={status}", "-o", $"Dir::Etc::Preferences={Preferences}", "-o", SourceCache, "-o", "Debug::NoLocking=1", "dist-upgrade"];

    async Task<bool> ImageExistsAsync(string image, CancellationToken cancellation)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellation);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
