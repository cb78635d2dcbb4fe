using Wisp.Compilation.Caching;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// Configuration shared by everything compiled and run with it. Holds no per-tenant state, so one
/// engine serves every store in a process and may be used from many threads at once.
/// </summary>
public sealed class Engine
{
    /// <summary>An engine with the default configuration.</summary>
    public Engine()
    {
    }

    /// <summary>
    /// Whether <see cref="Module"/> validates modules before compiling them. Only turn this off for
    /// modules that were validated before (the compiler assumes valid input).
    /// </summary>
    public bool ValidateModules { get; init; } = true;

    /// <summary>
    /// Whether compiled code meters fuel: every function entry and loop iteration charges the number of
    /// Wasm instructions in the code it starts, and a store that runs out traps with
    /// <see cref="TrapCode.OutOfFuel"/>. Stores start with no fuel; give them some with
    /// <see cref="Store.SetFuel"/>. Off by default: modules compiled without it carry no checks at all.
    /// </summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>
    /// Whether compiled code can be interrupted (<see cref="Store.Interrupt"/>, <see cref="Store.SetDeadline"/>):
    /// every function entry and loop iteration reads the store's interrupt flag and traps with
    /// <see cref="TrapCode.Interrupted"/> once it is set. Off by default, and then free.
    /// </summary>
    public bool Interruptible { get; init; }

    /// <summary>
    /// Most bytes of native stack guest code may use, counted from its first entry on a thread (nested
    /// guest → host → guest calls share it); deeper recursion traps with <see cref="TrapCode.CallStackExhausted"/>.
    /// Null: bounded only by the thread's stack. The thread must have this much stack plus room for the
    /// host: run the guest on a thread created with a larger stack if needed.
    /// </summary>
    public int? MaxWasmStack
    {
        get;
        init => field = value is null or > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the stack budget must be positive");
    }

    /// <summary>
    /// Where compiled modules are kept between processes (Wasmtime's compilation cache): a module
    /// loaded again skips validation and IL generation. Null (the default): no cache. The <c>wisp</c>
    /// command uses <see cref="ModuleCache.DefaultDirectory"/> unless told otherwise.
    /// </summary>
    public ModuleCache? Cache { get; init; }

    /// <summary>
    /// Whether modules are compiled lazily: each function's IL is generated on its first call instead of
    /// all at once, so start-up and the memory taken by compiled code grow with the functions that run.
    /// Calls between the module's functions then cost one extra load and compare. Null (the default):
    /// lazily for modules with at least <see cref="LazyCompilationThreshold"/> bytes of function bodies.
    /// With <see cref="Cache"/>, a lazily compiled module's entry holds its stubs; bodies are compiled
    /// per process, on first call.
    /// </summary>
    public bool? CompileLazily { get; init; }

    /// <summary>Function body bytes from which a module is compiled lazily when <see cref="CompileLazily"/> is null.</summary>
    public const int LazyCompilationThreshold = 1 << 20;

    /// <summary>
    /// Whether each module compiled or loaded with this engine starts a background thread that jits
    /// its code ahead of the first calls: the start function, the exported functions and what they
    /// call directly, up to 256 KiB of function bodies. The JIT then overlaps whatever the host does
    /// before calling in (WASI setup, instantiation), which shortens a short run's wall time at the
    /// price of jitting functions that may never be called. Off by default; <c>wisp run</c> turns it on.
    /// Lazily compiled modules ignore it.
    /// </summary>
    public bool JitInBackground { get; init; }

    /// <summary>
    /// How many released linear memories the engine keeps for reuse by later instances (zeroed, still
    /// mapped); 0 maps and unmaps a memory per instance. A memory returns when its store is disposed.
    /// </summary>
    public int PooledMemories
    {
        get => MemoryPool.Capacity;
        init => MemoryPool = new MemoryPool(value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the pool size cannot be negative"));
    }

    internal MemoryPool MemoryPool { get; private init; } = new(64);

    /// <summary>
    /// Whether every float arithmetic result that is a NaN is replaced by the canonical NaN (positive,
    /// quiet, zero payload), scalar and SIMD alike, as Wasmtime's <c>cranelift_nan_canonicalization</c>
    /// does. The spec lets a NaN result carry any sign and payload, which guests can observe through
    /// reinterpretation or stores; with this on, those bits no longer depend on the engine or the
    /// machine (deterministic execution, differential testing). Off by default: it costs a compare
    /// per float operation.
    /// </summary>
    public bool CanonicalizeNaNs { get; init; }

    /// <summary>
    /// Whether compiled code leaves memory bounds checks to guard pages, as Wasmtime does: every linear
    /// memory sits at the start of an 8 GiB slot of address space whose bytes past the memory's size are
    /// inaccessible, and an access there becomes a <see cref="TrapCode.MemoryOutOfBounds"/> trap
    /// through a signal handler. On by default where supported: Linux on x86-64
    /// (<see cref="GuardPagesSupported"/>); ignored elsewhere. Off, every access is checked explicitly
    /// (a compare and a branch), which costs 5-15% on memory-heavy code (docs/performance.md).
    /// Changes generated code, so it is part of the cache key.
    /// </summary>
    public bool GuardPages { get; init; } = true;

    /// <summary>Whether this process can use <see cref="GuardPages"/>.</summary>
    public static bool GuardPagesSupported => GuardedAddressSpace.IsAvailable;

    internal Compilation.CodeGenerationOptions CodeGeneration => new(Checks, CanonicalizeNaNs, GuardPages && GuardedAddressSpace.IsAvailable);

    internal InterruptionChecks Checks =>
        (ConsumeFuel ? InterruptionChecks.Fuel : InterruptionChecks.None) | (Interruptible ? InterruptionChecks.Interrupt : InterruptionChecks.None);
}
