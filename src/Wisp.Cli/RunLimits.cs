using Wisp.Compilation.Caching;

namespace Wisp.Cli;

/// <summary>What <c>--fuel</c>, <c>--timeout</c>, <c>--max-memory</c>, <c>--max-wasm-stack</c> and <c>--explicit-bounds-checks</c> asked for.</summary>
internal sealed record RunLimits(ulong? Fuel, TimeSpan? Timeout, ulong? MaxMemoryBytes, int? MaxWasmStack)
{
    /// <summary>Whether every access is checked explicitly instead of relying on guard pages (<see cref="Engine.GuardPages"/>).</summary>
    public bool ExplicitBoundsChecks { get; init; }

    /// <summary>Stack the guest thread has beyond the budget, for the host frames around the guest.</summary>
    public const int HostStackHeadroom = 1024 * 1024;

    public Engine CreateEngine(ModuleCache? cache = null) => new()
    {
        Cache = cache,
        ConsumeFuel = Fuel is not null,
        Interruptible = Timeout is not null,
        MaxWasmStack = MaxWasmStack,
        GuardPages = !ExplicitBoundsChecks,
        // A run calls into the module right after loading it: jitting meanwhile shortens start-up.
        JitInBackground = true,
    };

    /// <summary>A store with the memory limit and fuel; the timeout starts with <see cref="StartDeadline"/>.</summary>
    public Store CreateStore(Engine engine)
    {
        var store = new Store(engine) { Limits = new StoreLimits { MaxMemoryBytes = MaxMemoryBytes } };
        if (Fuel is { } fuel)
        {
            store.SetFuel(fuel);
        }

        return store;
    }

    public void StartDeadline(Store store)
    {
        if (Timeout is { } timeout)
        {
            store.SetDeadline(timeout);
        }
    }

    /// <summary>
    /// Runs <paramref name="guest"/> on a thread with room for the stack budget when one is given
    /// (the calling thread's stack may be smaller), else on the calling thread.
    /// </summary>
    public int RunOnGuestThread(Func<int> guest)
    {
        if (MaxWasmStack is not { } budget)
        {
            return guest();
        }

        var exitCode = 0;
        var thread = new Thread(() => exitCode = guest(), budget + HostStackHeadroom) { Name = "wisp guest" };
        thread.Start();
        thread.Join();
        return exitCode;
    }
}
