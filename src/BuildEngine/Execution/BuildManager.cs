using System.Diagnostics;
using System.Runtime.InteropServices;
using BuildEngine.CI;
using BuildEngine.Cli;
using BuildEngine.Logging;
using BuildEngine.Parameters;
using BuildEngine.Versioning;
using Serilog;
using Serilog.Core;

namespace BuildEngine.Execution;

/// <summary>
/// One build run from arguments to exit code: 0 success, 1 build failure, 2 usage error (nothing ran), 130 interrupted.
/// </summary>
static class BuildManager
{
    public const int Success = 0;
    public const int BuildFailure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static int Execute(Func<NukeBuild> create, IReadOnlyList<string> defaultTargets, BuildInvocation invocation)
    {
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C aborts gracefully (assured targets still run); a second one ends the process.
            if (interrupt.IsCancellationRequested)
                return;
            e.Cancel = true;
            interrupt.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            interrupt.Cancel();
        });
        return ExecuteAsync(create, defaultTargets, invocation, interrupt.Token).GetAwaiter().GetResult();
    }

    public static async Task<int> ExecuteAsync(Func<NukeBuild> create, IReadOnlyList<string> defaultTargets, BuildInvocation invocation, CancellationToken interrupt)
    {
        var stopwatch = Stopwatch.StartNew();
        SecretMasker.Reset();
        var arguments = new ArgumentParser(invocation.Arguments);
        BuildContext? context = null;
        var collector = new WarningCollector(() => context?.CurrentTarget?.Name);

        Verbosity verbosity;
        LogFormat format;
        IO.AbsolutePath root;
        try
        {
            format = LogFormats.Resolve(arguments.Get("LogFormat") is { } f ? string.Join(' ', f) : null, invocation.Environment);
            verbosity = arguments.Get("Verbosity") is { } v ? (Verbosity)ValueConverter.Convert(v, typeof(Verbosity), invocation.WorkingDirectory, "--verbosity")! : Verbosity.Normal;
            root = RootDirectory.Resolve(arguments, invocation.WorkingDirectory);
        }
        catch (UsageException e)
        {
            await invocation.Output.WriteLineAsync($"[ERR] {e.Message}");
            return UsageError;
        }

        var host = BuildHost.Detect(invocation.Environment);
        var temporary = root / ".nuke" / "temp";
        Directory.CreateDirectory(temporary);
        // Only runs that execute targets replace the file log; a nested --help (the startup benchmark) must not clobber it.
        var logsToFile = !host.IsServerBuild && !arguments.Has("Help") && !arguments.Has("Plan") && !arguments.Has("Version");
        await using var file = logsToFile ? new StreamWriter(temporary / "build.log", append: false) : null;
        await using var logger = BuildLogging.Create(invocation.Output, invocation.SupportsAnsi && !host.IsServerBuild, verbosity, collector, file,
            format, () => context?.CurrentTarget?.Name);
        var previousLogger = Log.Logger;
        Log.Logger = logger;
        context = new BuildContext { Invocation = invocation, Arguments = arguments, Root = root, Host = host, Verbosity = verbosity, Logger = logger };
        try
        {
            return await RunAsync(create, defaultTargets, context, collector, stopwatch, interrupt);
        }
        finally
        {
            Log.Logger = previousLogger;
            BuildCancellation.Token = CancellationToken.None;
        }
    }

    /// <summary>Output that was asked for (help, plan, version) is printed whatever the verbosity.</summary>
    static void Print(BuildContext context, string text)
    {
        var output = context.Invocation.Output;
        lock (output)
        {
            output.WriteLine(SecretMasker.Redact(text.TrimEnd()));
            output.Flush();
        }
    }

    static async Task<int> RunAsync(Func<NukeBuild> create, IReadOnlyList<string> defaultTargets, BuildContext context, WarningCollector collector,
        Stopwatch stopwatch, CancellationToken interrupt)
    {
        var log = context.Logger;
        var arguments = context.Arguments;
        ExecutionPlan? plan = null;
        try
        {
            var build = create();
            build.Context = context;
            context.Build = build;

            var members = ParameterMember.Discover(build.GetType());
            var files = new ParametersFiles(context.Root, arguments.Get("Profile") ?? []);
            context.Parameters = new ParameterService(arguments, context.Invocation.Environment, files, context.Invocation.WorkingDirectory, context.Root, members);
            context.Parameters.ValidateNames(ExecutableTargetFactory.DiscoverTargetNames(build.GetType()));
            // Every value is resolved now, secrets first so they are masked before anything can print them:
            // a bad value fails before any target runs, even one only a component reads later.
            foreach (var parameter in members.OrderByDescending(m => m.IsSecret))
                context.Parameters.Resolve(parameter);
            ValueInjection.InjectParameters(build, context.Parameters);
            var version = new Lazy<GitVersion>(() => GitVersion.FromBuildAssembly(build.GetType().Assembly, context.Root));
            ValueInjection.InjectGitVersion(build, () => version.Value);

            var targets = ExecutableTargetFactory.Create(build, defaultTargets);
            build.Targets = targets;
            if (arguments.Has("Version"))
            {
                Print(context, version.Value.Describe());
                return Success;
            }
            // --help and --plan stay logo-free: their output is meant to be read or piped as it is.
            if (!arguments.Has("NoLogo") && !arguments.Has("Help") && !arguments.Has("Plan"))
                log.Information("{Build} {Version} · BuildEngine on {Os}, .NET {Runtime}", build.GetType().Name, version.Value.ToString(),
                    RuntimeInformation.OSDescription, Environment.Version.ToString());
            if (!context.Host.IsServerBuild)
                GeneratedFiles.UpdateIfBuildChanged(build, context.Root, log);

            if (arguments.Has("Help"))
            {
                Print(context, HelpWriter.Render(targets, members));
                return Success;
            }

            // "--plan Test" reads naturally: only a format name is the plan's own value, anything else is a target.
            var planTokens = arguments.Get("Plan") ?? [];
            var planFormat = planTokens.FirstOrDefault(t => t.Equals("mermaid", StringComparison.OrdinalIgnoreCase) || t.Equals("text", StringComparison.OrdinalIgnoreCase));
            var invoked = arguments.Positional.Concat(arguments.Get("Target") ?? []).Concat(planTokens.Where(t => t != planFormat)).ToList();
            plan = ExecutionPlanner.Plan(targets, invoked);
            context.Plan = plan;
            if (plan.Targets.Count == 0)
            {
                Print(context, HelpWriter.Render(targets, members));
                return Success;
            }

            var attempt = new AttemptLog(build.TemporaryDirectory, context.Invocation.Arguments);
            var executor = new BuildExecutor(context, attempt);
            if (arguments.Has("Plan"))
            {
                executor.ApplySkipParameter(plan, arguments.Get("Skip"));
                var mermaid = "mermaid".Equals(planFormat, StringComparison.OrdinalIgnoreCase);
                Print(context, mermaid ? PlanWriter.RenderMermaid(plan) : PlanWriter.RenderText(plan));
                return Success;
            }

            var continuing = arguments.Has("Continue") && attempt.Load();
            if (arguments.Has("Continue") && !continuing)
                log.Warning("Build invocation changed (or there is no previous attempt); restarting from the beginning.");
            executor.Prepare(plan, arguments.Get("Skip"), continuing);
            attempt.Start(continuing);

            BuildCancellation.Token = interrupt;
            await executor.RunAsync(plan, interrupt);

            var succeeded = plan.Targets.All(t => t.Status is ExecutionStatus.Succeeded or ExecutionStatus.Skipped or ExecutionStatus.Collective);
            SummaryWriter.Write(log, plan, collector.Entries);
            SummaryWriter.WriteOutcome(log, succeeded, stopwatch.Elapsed);
            // Result lines ("Tests: 12 passed, 0 failed") are the build's answer: printed last, at every verbosity.
            foreach (var line in context.ResultLines)
                Print(context, line);
            return executor.Aborted ? Interrupted : succeeded ? Success : BuildFailure;
        }
        catch (RequirementsException e) when (plan is not null)
        {
            foreach (var problem in e.Problems)
                log.Error("{Problem}", problem);
            foreach (var target in plan.Targets)
                target.Status = ExecutionStatus.NotRun;
            SummaryWriter.Write(log, plan, collector.Entries);
            SummaryWriter.WriteOutcome(log, succeeded: false, stopwatch.Elapsed);
            return UsageError;
        }
        catch (UsageException e)
        {
            log.Error("{Message}", e.Message);
            return UsageError;
        }
        catch (Exception e)
        {
            log.Error("{Message}", e.Message);
            log.Verbose(e, "Stack trace");
            return BuildFailure;
        }
    }
}
