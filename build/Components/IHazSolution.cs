using BuildEngine;
using BuildEngine.IO;

interface IHazSolution : INukeBuild
{
    AbsolutePath Solution => RootDirectory / "PazPaz.Delivery.slnx";

    [Parameter("Build configuration: Debug or Release")]
    Configuration Configuration => TryGetValue<Configuration>(() => Configuration) ?? Configuration.Debug;
}

enum Configuration
{
    Debug,
    Release,
}
