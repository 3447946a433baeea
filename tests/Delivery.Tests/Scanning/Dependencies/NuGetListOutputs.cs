namespace Delivery.Tests.Scanning.Dependencies;

/// <summary>
/// Real output of <c>dotnet list Fixture.slnx package --vulnerable --include-transitive --format json</c> (SDK 10.0.401): a library with
/// Newtonsoft.Json 12.0.1 and a test project that gets it through the library, the advisory data served by a local audit
/// source; paths moved under /repo.
/// </summary>
static class NuGetListOutputs
{
    public const string TwoProjects = """
        {
          "version": 1,
          "parameters": "--vulnerable --include-transitive",
          "sources": [
            "http://127.0.0.1:18772/v3/index.json"
          ],
          "projects": [
            {
              "path": "/repo/src/App/App.csproj",
              "frameworks": [
                {
                  "framework": "net10.0",
                  "topLevelPackages": [
                    {
                      "id": "Newtonsoft.Json",
                      "requestedVersion": "12.0.1",
                      "resolvedVersion": "12.0.1",
                      "vulnerabilities": [
                        {
                          "severity": "High",
                          "advisoryurl": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr"
                        }
                      ]
                    }
                  ]
                }
              ]
            },
            {
              "path": "/repo/tests/App.Tests/App.Tests.csproj",
              "frameworks": [
                {
                  "framework": "net10.0",
                  "topLevelPackages": [],
                  "transitivePackages": [
                    {
                      "id": "Newtonsoft.Json",
                      "resolvedVersion": "12.0.1",
                      "vulnerabilities": [
                        {
                          "severity": "High",
                          "advisoryurl": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr"
                        }
                      ]
                    }
                  ]
                }
              ]
            }
          ]
        }
        """;

    /// <summary>The same command against a package source without vulnerability data: no problem, no package, a false clean.</summary>
    public const string SourceWithoutVulnerabilityData = """
        {
          "version": 1,
          "parameters": "--vulnerable --include-transitive",
          "sources": [
            "https://api.nuget.org/v3/index.json"
          ],
          "projects": [
            {
              "path": "/repo/x.csproj"
            }
          ]
        }
        """;

    /// <summary>An audit source configured in nuget.config that serves no data: NuGet warns.</summary>
    public const string AuditSourceWithoutData = """
        {
          "version": 1,
          "parameters": "--vulnerable",
          "problems": [
            {
              "project": "/repo/x.csproj",
              "level": "warning",
              "text": "Audit source 'audit' did not provide any vulnerability data."
            }
          ],
          "sources": [
            "https://api.nuget.org/v3/index.json"
          ],
          "projects": [
            {
              "path": "/repo/x.csproj",
              "frameworks": [
                {
                  "framework": "net10.0",
                  "topLevelPackages": []
                }
              ]
            }
          ]
        }
        """;

    /// <summary>A project that was never restored.</summary>
    public const string NotRestored = """
        {
          "version": 1,
          "parameters": "--vulnerable --include-transitive",
          "problems": [
            {
              "project": "/repo/build/_build.csproj",
              "level": "error",
              "text": "No assets file was found for `/repo/build/_build.csproj`. Run restore before running this command."
            }
          ],
          "sources": [
            "https://api.nuget.org/v3/index.json"
          ],
          "projects": [
            {
              "path": "/repo/build/_build.csproj"
            }
          ]
        }
        """;
}
