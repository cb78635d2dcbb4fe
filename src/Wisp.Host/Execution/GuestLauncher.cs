using Wisp.Wasi;

namespace Wisp.Serving.Execution;

/// <summary>
/// The one place that knows how a request's instance is made: WASI is defined once in one linker, the
/// module's imports are resolved once (<see cref="InstancePre"/>), and each request only gives its
/// store a WASI configuration and instantiates. The store releases the instance's memory (back to the
/// engine's pool) when the request disposes it.
/// </summary>
internal sealed class GuestLauncher
{
    private readonly InstancePre _pre;

    public GuestLauncher(Engine engine, Module module)
    {
        var linker = new Linker(engine);
        linker.DefineWasi();
        _pre = linker.InstantiatePre(module);
    }

    /// <summary>Instantiates the module in <paramref name="store"/>, which then owns the WASI context.</summary>
    public (Instance Instance, WasiContext Wasi) Instantiate(Store store, WasiConfiguration configuration)
    {
        store.SetWasiConfiguration(configuration);
        var instance = _pre.Instantiate(store);
        return (instance, store.WasiContext!);
    }
}
