using Integration.Tests.Deployment;

namespace Integration.Tests;

/// <summary>
/// Not used by the test runner (it loads this assembly into its own host). Tests start this assembly as a child
/// process when they need one they can kill: <c>dotnet exec Integration.Tests.dll killed-deploy &lt;request.json&gt;</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["killed-deploy", var request] => await KilledDeploy.RunAsync(request),
        _ => Usage(),
    };

    static int Usage()
    {
        Console.Error.WriteLine("usage: dotnet exec Integration.Tests.dll killed-deploy <request.json>");
        return 64;
    }
}
