using Wisp.Wasi;

namespace Wisp.Host.Execution;

/// <summary>
/// The one place that knows how a request's instance is made from a compiled module and a WASI
/// configuration, so the instantiation path can change in a few lines. Today: a linker per request
/// with WASI bound to that request's context.
/// </summary>
internal sealed class GuestLauncher(Engine engine, Module module)
{
    /// <summary>Instantiates the module in <paramref name="store"/> (which then owns the WASI context).</summary>
    public (Instance Instance, WasiContext Wasi) Instantiate(Store store, WasiConfiguration configuration)
    {
        var linker = new Linker(engine);
        var wasi = linker.DefineWasi(store, configuration);
        var instance = linker.InstantiateWasi(store, module, wasi);
        return (instance, wasi);
    }

    /// <summary>
    /// Unmaps the instance's memory now instead of when the collector finalizes it: nothing else can
    /// hold it once the request is over (the store is private to the request and the memory is not
    /// exported to any other instance), and thousands of reservations awaiting finalization slow
    /// every later mmap.
    /// </summary>
    public static void Release(Instance instance) => instance.GetMemory("memory")?.Runtime.Dispose();
}
