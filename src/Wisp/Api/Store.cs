using Wisp.Runtime;
using Wisp.Wasi;

namespace Wisp;

/// <summary>
/// One tenant's world: the instances and host objects created for it. Stores are not thread-safe;
/// give each concurrent request or tenant its own (only <see cref="Interrupt"/> may be called from
/// any thread). Disposing releases the store's memories (those its instances define and those
/// created with <see cref="Memory(Store, uint, uint?)"/>) at once: they become empty, so any later
/// access (a host's stale reference, an instance of another store that imported one) traps. It also
/// closes the WASI context's descriptors.
/// </summary>
public sealed class Store : IDisposable
{
    private readonly List<Instance> _instances = [];
    private readonly List<LinearMemory> _memories = [];
    private Timer? _deadline;

    public Store(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Control.MaxWasmStack = (nuint)(engine.MaxWasmStack ?? 0);
    }

    public Engine Engine { get; }

    /// <summary>Limits on the resources of instances created from now on; none by default.</summary>
    public StoreLimits Limits
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
            Control.MaxMemoryPages = value.MaxMemoryBytes is { } bytes ? (uint)Math.Min(bytes / Model.MemoryType.PageSize, Model.MemoryType.MaxPages) : null;
        }
    } = new();

    /// <summary>Every instance created in this store, oldest first.</summary>
    public IReadOnlyList<Instance> Instances => _instances;

    /// <summary>The fuel, interrupt flag and limits every instance of this store runs against.</summary>
    internal ExecutionControl Control { get; } = new();

    /// <summary>Sets the fuel left for guest code (see <see cref="Engine.ConsumeFuel"/>).</summary>
    public void SetFuel(ulong fuel)
    {
        RequireFuel();
        Control.Fuel = (long)Math.Min(fuel, long.MaxValue);
    }

    /// <summary>The fuel left; 0 after an <see cref="TrapCode.OutOfFuel"/> trap.</summary>
    public ulong GetFuel()
    {
        RequireFuel();
        return (ulong)Control.Fuel;
    }

    /// <summary>
    /// Makes running guest code of this store trap with <see cref="TrapCode.Interrupted"/> at its next
    /// function entry or loop iteration, and every later call too until <see cref="SetDeadline"/>
    /// resets it. Safe from any thread. A guest blocked inside a host call (a WASI read, say) is only
    /// stopped once that call returns.
    /// </summary>
    public void Interrupt()
    {
        RequireInterruptible();
        Volatile.Write(ref Control.InterruptRequested, 1);
    }

    /// <summary>
    /// Clears any interrupt and arranges one after <paramref name="timeout"/> of wall time, replacing
    /// an earlier deadline; <see cref="Timeout.InfiniteTimeSpan"/> only clears.
    /// </summary>
    public void SetDeadline(TimeSpan timeout)
    {
        RequireInterruptible();
        _deadline?.Dispose();
        _deadline = null;
        Volatile.Write(ref Control.InterruptRequested, 0);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _deadline = new Timer(_ => Interrupt(), null, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The WASI state of this store's guests, once <see cref="SetWasiConfiguration"/> made one; what WASI host functions use.</summary>
    public WasiContext? WasiContext { get; private set; }

    /// <summary>
    /// Gives this store's guests WASI: a <see cref="Wasi.WasiContext"/> made from <paramref name="configuration"/>,
    /// owned (and closed) by the store. Replaces (and closes) an earlier one.
    /// </summary>
    public void SetWasiConfiguration(WasiConfiguration configuration)
    {
        var context = new WasiContext(configuration);
        WasiContext?.Dispose();
        WasiContext = context;
    }

    internal void Add(Instance instance) => _instances.Add(instance);

    /// <summary>Takes a memory of this store (one an instance defined, or the host created), to release with the store.</summary>
    internal void Adopt(LinearMemory memory) => _memories.Add(memory);

    public void Dispose()
    {
        _deadline?.Dispose();
        _deadline = null;
        foreach (var memory in _memories)
        {
            memory.Dispose();
        }

        _memories.Clear();
        WasiContext?.Dispose();
        WasiContext = null;
        _instances.Clear();
    }

    // Fuel and interrupts only act on code compiled for them; a call that could not act is a mistake, not a no-op.
    private void RequireFuel()
    {
        if (!Engine.ConsumeFuel)
        {
            throw new InvalidOperationException("fuel is not enabled: create the engine with ConsumeFuel = true");
        }
    }

    private void RequireInterruptible()
    {
        if (!Engine.Interruptible)
        {
            throw new InvalidOperationException("interruption is not enabled: create the engine with Interruptible = true");
        }
    }
}
