using System.Diagnostics;

namespace Delivery.Tests.Environments;

/// <summary>The real age and age-keygen binaries (Debian package 'age'), for round trips through SecretSource.</summary>
static class AgeTool
{
    /// <summary>Fails, rather than skips, when age is missing: the CI setup must install it (apt-get install age).</summary>
    public static void EnsureInstalled()
    {
        foreach (var tool in new[] { "age", "age-keygen" })
            if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool))))
                throw new InvalidOperationException($"'{tool}' is not installed: apt-get install age (Debian package 'age'); .ci/run must install it.");
    }

    /// <summary>Creates an identity (mode 0600) and returns its path and recipient.</summary>
    public static (string Identity, string Recipient) KeyGen(string directory)
    {
        EnsureInstalled();
        var identity = Path.Combine(directory, "identity.txt");
        Run("age-keygen", ["-o", identity], null);
        return (identity, Run("age-keygen", ["-y", identity], null).Trim());
    }

    /// <summary>Encrypts <paramref name="plaintext"/> from standard input, as the runbook does: no plaintext file.</summary>
    public static void Encrypt(string recipient, string output, string plaintext) => Run("age", ["-e", "-r", recipient, "-o", output], plaintext);

    static string Run(string tool, string[] arguments, string? input)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (input is not null)
            process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {errors}");
    }
}
