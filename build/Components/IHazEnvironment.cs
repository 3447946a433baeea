using BuildEngine;

/// <summary>The environment a deploy-side target acts on (its lock, ledger and hosts are per environment).</summary>
interface IHazEnvironment : INukeBuild
{
    // Named "Environment" on the command line (--environment) but not as a member, so components keep System.Environment.
    [Parameter("Target environment: dev, staging or prod", Name = "Environment")]
    string? DeployEnvironment => TryGetValue(() => DeployEnvironment);
}
