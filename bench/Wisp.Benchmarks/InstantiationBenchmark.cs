using BenchmarkDotNet.Attributes;
using Wisp;
using Wisp.Wasi;

namespace Wisp.Benchmarks;

/// <summary>
/// Instantiating a compiled module, as a host serving requests does: <c>Cycle</c> is what a request
/// pays (new store, WASI configuration if the module imports WASI, instantiation from an
/// <see cref="InstancePre"/>, disposal); <c>LinkerCycle</c> is the same through
/// <see cref="Linker.Instantiate"/>, which resolves imports every time; <c>StoreOnly</c> is the part
/// that is not instantiation. <c>noop</c> has one function and a 2-page memory; <c>args-env</c> is a
/// C program built with wasi-libc (examples/wasi).
/// </summary>
[MemoryDiagnoser]
public class InstantiationBenchmark
{
    private const string Noop = """
        (module
          (memory (export "memory") 2)
          (global (mut i32) (i32.const 66560))
          (func (export "_start")))
        """;

    private Engine _engine = null!;
    private Linker _linker = null!;
    private Module _module = null!;
    private InstancePre _pre = null!;
    private bool _wasi;

    [Params("noop", "args-env")]
    public string Guest { get; set; } = "noop";

    [GlobalSetup]
    public void Setup()
    {
        _engine = new Engine();
        _module = Guest == "noop"
            ? Module.FromText(_engine, "noop", Noop)
            : Module.FromFile(_engine, Path.Combine(AppContext.BaseDirectory, "Kernels", $"{Guest}.wasm"));
        _linker = new Linker(_engine);
        _wasi = _module.Imports.Any(import => import.ModuleName == "wasi_snapshot_preview1");
        if (_wasi)
        {
            _linker.DefineWasi();
        }

        _pre = _linker.InstantiatePre(_module);
    }

    [Benchmark(Baseline = true)]
    public Instance Cycle()
    {
        using var store = NewStore();
        return _pre.Instantiate(store);
    }

    [Benchmark]
    public Instance LinkerCycle()
    {
        using var store = NewStore();
        return _linker.Instantiate(store, _module);
    }

    [Benchmark]
    public Store StoreOnly()
    {
        using var store = NewStore();
        return store;
    }

    private Store NewStore()
    {
        var store = new Store(_engine);
        if (_wasi)
        {
            store.SetWasiConfiguration(new WasiConfiguration().WithArguments(Guest));
        }

        return store;
    }
}
