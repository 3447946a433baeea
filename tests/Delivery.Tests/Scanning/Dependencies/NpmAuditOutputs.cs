namespace Delivery.Tests.Scanning.Dependencies;

/// <summary>
/// Real output of <c>npm audit --json --package-lock-only</c> (npm 11.19): <see cref="Lockfile"/> locks minimist 1.2.5 and
/// report-kit 1.0.0, which pins lodash 4.17.20; the advisories and the packuments came from a local stand-in registry.
/// </summary>
static class NpmAuditOutputs
{
    public const string Lockfile = """
        {
          "name": "fixture-app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
          "packages": {
            "": {"name": "fixture-app", "version": "1.0.0", "dependencies": {"report-kit": "1.0.0", "minimist": "^1.2.5"}},
            "node_modules/report-kit": {"version": "1.0.0", "dependencies": {"lodash": "4.17.20"}},
            "node_modules/lodash": {"version": "4.17.20"},
            "node_modules/minimist": {"version": "1.2.5"}
          }
        }
        """;

    /// <summary>lodash: two advisories, fixed only by a semver-major upgrade of report-kit; minimist: fixed by npm audit fix; report-kit: vulnerable through lodash.</summary>
    public const string ThreeVulnerablePackages = """
        {
          "auditReportVersion": 2,
          "vulnerabilities": {
            "lodash": {
              "name": "lodash",
              "severity": "high",
              "isDirect": false,
              "via": [
                {
                  "source": 1106913,
                  "name": "lodash",
                  "dependency": "lodash",
                  "title": "Command Injection in lodash",
                  "url": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm",
                  "severity": "high",
                  "cwe": [
                    "CWE-77",
                    "CWE-94"
                  ],
                  "cvss": {
                    "score": 7.2,
                    "vectorString": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"
                  },
                  "range": "<4.17.21"
                },
                {
                  "source": 1106914,
                  "name": "lodash",
                  "dependency": "lodash",
                  "title": "Regular Expression Denial of Service (ReDoS) in lodash",
                  "url": "https://github.com/advisories/GHSA-29mw-wpgm-hmr9",
                  "severity": "moderate",
                  "cwe": [
                    "CWE-400"
                  ],
                  "cvss": {
                    "score": 5.3,
                    "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"
                  },
                  "range": ">=4.0.0 <4.17.21"
                }
              ],
              "effects": [
                "report-kit"
              ],
              "range": "4.17.20",
              "nodes": [
                "node_modules/lodash"
              ],
              "fixAvailable": {
                "name": "report-kit",
                "version": "2.0.0",
                "isSemVerMajor": true
              }
            },
            "minimist": {
              "name": "minimist",
              "severity": "critical",
              "isDirect": true,
              "via": [
                {
                  "source": 1097678,
                  "name": "minimist",
                  "dependency": "minimist",
                  "title": "Prototype Pollution in minimist",
                  "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h",
                  "severity": "critical",
                  "cwe": [
                    "CWE-1321"
                  ],
                  "cvss": {
                    "score": 9.8,
                    "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                  },
                  "range": ">=1.0.0 <1.2.6"
                }
              ],
              "effects": [],
              "range": "1.2.5",
              "nodes": [
                "node_modules/minimist"
              ],
              "fixAvailable": true
            },
            "report-kit": {
              "name": "report-kit",
              "severity": "high",
              "isDirect": true,
              "via": [
                "lodash"
              ],
              "effects": [],
              "range": "1.0.0",
              "nodes": [
                "node_modules/report-kit"
              ],
              "fixAvailable": {
                "name": "report-kit",
                "version": "2.0.0",
                "isSemVerMajor": true
              }
            }
          },
          "metadata": {
            "vulnerabilities": {
              "info": 0,
              "low": 0,
              "moderate": 0,
              "high": 2,
              "critical": 1,
              "total": 3
            },
            "dependencies": {
              "prod": 4,
              "dev": 0,
              "optional": 0,
              "peer": 0,
              "peerOptional": 0,
              "total": 3
            }
          }
        }
        """;

    /// <summary>A registry that serves packages but no audit endpoint (this machine's npm registry).</summary>
    public const string AuditEndpointNotServed = """
        {
          "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
          "method": "POST",
          "uri": "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
          "headers": {
            "allow": [
              "GET,HEAD"
            ],
            "date": [
              "Fri, 27 Nov 2026 14:57:29 GMT"
            ],
            "content-length": [
              "0"
            ],
            "x-fetch-attempts": [
              "1"
            ]
          },
          "statusCode": 405,
          "body": "",
          "error": {
            "summary": "",
            "detail": ""
          }
        }
        """;

    /// <summary>No registry listening.</summary>
    public const string RegistryRefused = """
        {
          "message": "request to http://127.0.0.1:9/-/npm/v1/security/advisories/bulk failed, reason: connect ECONNREFUSED 127.0.0.1:9",
          "error": {
            "summary": "",
            "detail": ""
          }
        }
        """;

    /// <summary>No package-lock.json.</summary>
    public const string NoLockfile = """
        {
          "error": {
            "code": "ENOLOCK",
            "summary": "This command requires an existing lockfile.",
            "detail": "Try creating one first with: npm i --package-lock-only\nOriginal error: loadVirtual requires existing shrinkwrap file"
          }
        }
        """;
}
