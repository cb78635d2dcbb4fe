using BenchmarkDotNet.Attributes;
using Wisp;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Benchmarks;

/// <summary>
/// The cost of one call from guest code, per kind of callee: another guest function (a direct IL
/// call, for scale), a typed host delegate, a <see cref="HostCallback"/> and a
/// <see cref="CallerHostCallback"/> that reads the caller's memory, as WASI functions do. Each
/// invocation is a guest loop of <see cref="Calls"/> calls.
/// </summary>
[MemoryDiagnoser]
public class HostCallBenchmark
{
    private const int Calls = 1000;

    private Func<int, int> _guest = null!;
    private Func<int, int> _typed = null!;
    private Func<int, int> _untyped = null!;
    private Func<int, int> _caller = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine();
        var type = new FunctionType([ValType.I32], [ValType.I32]);
        var linker = new Linker(engine);
        linker.DefineFunction("env", "typed", (int x) => x + 1);
        linker.DefineFunction("env", "untyped", type, (arguments, results) => results[0] = Value.FromInt32(arguments[0].AsInt32 + 1));
        linker.DefineFunction("env", "caller", type, (caller, arguments, results) =>
            results[0] = Value.FromInt32(arguments[0].AsInt32 + caller.Memory!.ReadByte(0)));
        var module = Module.FromText(engine, "calls", $$"""
            (module
              (import "env" "typed" (func $typed (param i32) (result i32)))
              (import "env" "untyped" (func $untyped (param i32) (result i32)))
              (import "env" "caller" (func $caller (param i32) (result i32)))
              (memory 1)
              (data (i32.const 0) "\01")
              (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              {{Loop("guest", "$inc")}}
              {{Loop("typed", "$typed")}}
              {{Loop("untyped", "$untyped")}}
              {{Loop("caller", "$caller")}})
            """);
        var instance = linker.Instantiate(new Store(engine), module);
        _guest = instance.GetFunction("guest")!.WrapFunc<int, int>();
        _typed = instance.GetFunction("typed")!.WrapFunc<int, int>();
        _untyped = instance.GetFunction("untyped")!.WrapFunc<int, int>();
        _caller = instance.GetFunction("caller")!.WrapFunc<int, int>();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public int GuestToGuest() => _guest(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int TypedDelegate() => _typed(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int HostCallback() => _untyped(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int CallerHostCallback() => _caller(Calls);

    /// <summary>A function <paramref name="name"/>(n) that calls <paramref name="callee"/> n times, threading an accumulator through.</summary>
    private static string Loop(string name, string callee) => $$"""
        (func (export "{{name}}") (param $n i32) (result i32) (local $acc i32)
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (call {{callee}} (local.get $acc)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (local.get $acc))
        """;
}
