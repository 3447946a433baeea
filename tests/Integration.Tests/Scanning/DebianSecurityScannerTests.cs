using BuildEngine.IO;
using Delivery.Images;
using Delivery.Scanning;
using Delivery.Scanning.Images;
using Integration.Tests.Images;

namespace Integration.Tests.Scanning;

/// <summary>
/// Issue #8's acceptance: an image deliberately built from an outdated package set reports its pending Debian security
/// updates. The outdated package is chosen from today's index, so the test does not go stale with the next point release.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DebianSecurityScannerTests(DockerFixture docker) : IAsyncLifetime
{
    FixtureImages _images = null!;
    readonly List<string> _progress = [];

    public Task InitializeAsync()
    {
        _images = new FixtureImages(docker.Client);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _images.DisposeAsync();

    [Fact]
    public async Task An_image_built_without_the_security_suite_reports_the_update_it_misses_and_one_built_with_it_does_not()
    {
        var (package, mainVersion, securityVersion) = await PickOutdatedPackageAsync();
        // The same package, once from the main archive alone (the base's first apt source, without -updates and -security),
        // once with the base's sources as they are.
        var outdated = await _images.BuildAsync("outdated", $$"""
            FROM {{BaseImageSettings.Tag}}
            RUN uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources) \
             && printf 'Types: deb\nURIs: %s\nSuites: {{BaseImageSettings.Suite}}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
                  > /etc/apt/sources.list.d/debian.sources \
             && apt-get update -qq && apt-get install -y -qq --no-install-recommends {{package}} && rm -rf /var/lib/apt/lists/*
            """);
        var current = await _images.BuildAsync("current", $"""
            FROM {BaseImageSettings.Tag}
            RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends {package} && rm -rf /var/lib/apt/lists/*
            """);

        var result = await new DebianSecurityScanner(docker.Client).ScanAsync(Target(outdated, current), _progress.Add);

        Assert.True(result.Status == ScannerStatus.Ran, $"{result.Status}: {result.Detail}");
        var finding = Assert.Single(result.Findings, f => f.Location == outdated && f.Package == package);
        Assert.Equal((mainVersion, securityVersion), (finding.InstalledVersion, finding.FixedVersion));
        Assert.Equal((FindingKind.Vulnerability, Severity.High, true), (finding.Kind, finding.Severity, finding.HasFix));
        Assert.StartsWith("DEBIAN-SECURITY:", finding.Id, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Location == current && f.Package == package);
        Assert.Contains(_progress, line => line.StartsWith(outdated + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scanner_that_cannot_reach_the_mirror_fails_with_the_reason_instead_of_passing()
    {
        var scanner = new DebianSecurityScanner(docker.Client, new DebianSecuritySettings { Network = "none" });

        var result = await scanner.ScanAsync(Target(BaseImageSettings.Tag), _progress.Add);

        Assert.Equal(ScannerStatus.Failed, result.Status);
        Assert.Contains($"{BaseImageSettings.Suite}-security", result.Detail, StringComparison.Ordinal);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Without_images_the_scanner_says_it_has_nothing_to_look_at()
    {
        var result = await new DebianSecurityScanner(docker.Client).ScanAsync(Target(), _progress.Add);

        Assert.Equal(ScannerStatus.NotAvailable, result.Status);
    }

    static ScanTarget Target(params string[] references) =>
        new(AbsolutePath.Create(Path.GetTempPath()), references.Select(r => new ScannedImage(r, r)).ToList(), AbsolutePath.Create(Path.GetTempPath()) / "pazpaz-scan-test");

    /// <summary>
    /// A package the base does not have, whose dependencies the base already has (so the fixture stays small), and whose
    /// security-suite version is newer than the main archive's: what an image built without the security suite misses.
    /// </summary>
    async Task<(string Package, string MainVersion, string SecurityVersion)> PickOutdatedPackageAsync()
    {
        await using var picker = await ScratchContainer.StartAsync(docker.Client, BaseImageSettings.Tag, "scan-test-picker",
            new Dictionary<string, string> { ["/pick.sh"] = PickScript });
        var update = await picker.ExecAsync(["apt-get", "update", "-qq"]);
        Assert.True(update.ExitCode == 0, $"apt-get update failed in {BaseImageSettings.Tag}:\n{update.Output}");
        var pick = await picker.ExecAsync(["bash", "/pick.sh", BaseImageSettings.Suite]);
        var fields = pick.Output.Trim().Split(' ');
        Assert.True(pick.ExitCode == 0 && fields.Length == 3,
            $"No package in {BaseImageSettings.Suite}-security is both newer than in {BaseImageSettings.Suite} and installable on the base alone " +
            $"(right after a point release the suite can be caught up); the picker said:\n{pick.Output}");
        return (fields[0], fields[1], fields[2]);
    }

    const string PickScript = """
        set -eu
        suite=$1
        security=$(ls /var/lib/apt/lists/*_dists_${suite}-security_main_binary-*_Packages)
        installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
        # Installed-Size, name, version and (Pre-)Depends of every package in the security suite, smallest first.
        awk '/^Package:/ {p=$2; d=""} /^Version:/ {v=$2} /^Installed-Size:/ {s=$2}
             /^(Pre-)?Depends:/ {sub(/^[^:]*: /, ""); d = d (d == "" ? "" : ",") $0}
             /^$/ {gsub(/ /, "", d); print s, p, v, (d == "" ? "-" : d)}' "$security" | sort -n | {
        while read -r size package version depends; do
          installed "$package" && continue
          satisfied=1
          for dependency in $(echo "$depends" | tr ',' ' '); do
            [ "$dependency" = "-" ] && break
            any=0
            for alternative in $(echo "$dependency" | tr '|' ' '); do
              name=${alternative%%(*}; name=${name%%:*}
              if installed "$name"; then any=1; break; fi
            done
            [ $any = 1 ] || { satisfied=0; break; }
          done
          [ $satisfied = 1 ] || continue
          main=$(apt-cache madison "$package" | awk -F'|' -v suite=" $suite/main " 'index($3, suite) {gsub(/ /, "", $2); print $2; exit}')
          [ -n "$main" ] || continue
          if dpkg --compare-versions "$version" gt "$main"; then echo "$package $main $version"; exit 0; fi
        done
        exit 1
        }
        """;
}
