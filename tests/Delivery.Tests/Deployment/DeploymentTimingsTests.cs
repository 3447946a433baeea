using System.Globalization;
using System.Text.RegularExpressions;
using Delivery.Deployment;
using Delivery.Tests.Environments;

namespace Delivery.Tests.Deployment;

public sealed class DeploymentTimingsTests
{
    [Fact]
    public void Nginx_keeps_old_workers_as_long_as_the_engine_assumes()
    {
        var configuration = File.ReadAllText(RepositoryRoot.Path / "nginx" / "nginx.conf");

        var setting = Regex.Match(configuration, @"^worker_shutdown_timeout\s+(\d+)m;", RegexOptions.Multiline);

        Assert.True(setting.Success, "nginx/nginx.conf must set worker_shutdown_timeout in minutes");
        Assert.Equal(DeploymentTimings.ProxyWorkerShutdown, TimeSpan.FromMinutes(int.Parse(setting.Groups[1].Value, CultureInfo.InvariantCulture)));
    }
}
