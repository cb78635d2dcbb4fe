using Wisp.Compilation;

namespace Wisp;

/// <summary>
/// A module with its imports resolved and type-checked, ready to instantiate any number of times,
/// as Wasmtime's <c>InstancePre</c>: each <see cref="Instantiate"/> only builds the new instance's own
/// state. Immutable and thread-safe: instantiate from any thread, into any store, concurrently.
/// Host functions from the linker serve every store (they find per-store state through their caller);
/// definitions taken from another instance's exports belong to that instance's store.
/// </summary>
public sealed class InstancePre
{
    private readonly ResolvedImports _imports;

    internal InstancePre(Module module, ResolvedImports imports)
    {
        Module = module;
        _imports = imports;

        // Decode the shared part now, so that the first instantiation costs what the others do.
        _ = module.Compiled.Template;
    }

    public Module Module { get; }

    /// <summary>
    /// A new instance in <paramref name="store"/>. A trap while initialising (segments, start function)
    /// raises <see cref="Runtime.TrapException"/>; a memory over the store's limit a <see cref="Runtime.LinkException"/>.
    /// </summary>
    public Instance Instantiate(Store store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Engine != Module.Engine)
        {
            throw new ArgumentException("the store belongs to a different engine than the module", nameof(store));
        }

        var runtime = ModuleInstantiator.Instantiate(Module.Compiled, _imports, store, store.Control, store.Engine.MemoryPool);
        var instance = new Instance(store, Module, runtime);
        store.Add(instance);
        return instance;
    }
}
