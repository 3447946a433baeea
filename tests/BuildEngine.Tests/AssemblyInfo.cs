// The engine sets the static Serilog Log.Logger, BuildCancellation.Token and a static secret registry,
// so builds must not run concurrently in one test process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
