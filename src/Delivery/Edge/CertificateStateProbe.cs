using BuildEngine.Tooling;
using Delivery.Execution;

namespace Delivery.Edge;

/// <summary>Reads <see cref="CertificateState"/>; the Docker one for real, a fixed one in orchestration tests.</summary>
public interface ICertificateStateProbe
{
    CertificateState Read(CertificateSettings settings);
}

/// <summary>Runs the planner's probe commands (read-only: they change nothing) and parses their output.</summary>
public sealed class DockerCertificateStateProbe : ICertificateStateProbe
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public CertificateState Read(CertificateSettings settings)
    {
        var proxy = Probe(CertificatePlanner.ProxyProbe(settings));
        var state = Probe(CertificatePlanner.StateProbe(settings));
        if (state.ExitCode != 0)
            throw new ProcessException("docker", $"could not read the certificate volumes (exit {state.ExitCode}); is '{settings.CertbotImage}' built? (./build.sh DockerBuild)",
                CertificatePlanner.StateProbe(settings).ToString(), Directory.GetCurrentDirectory(), state.Output, state.ExitCode);
        return CertificateState.Parse(state.StandardOutput, proxyRunning: proxy.ExitCode == 0 && proxy.StandardOutput.Trim() == "true");
    }

    static ProcessResult Probe(Step step) => ProcessTasks.Probe(step.Command[0], step.Command.Skip(1), Timeout);
}
