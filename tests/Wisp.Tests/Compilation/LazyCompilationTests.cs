using System.Text;
using Wisp.Runtime;

namespace Wisp.Tests.Compilation;

/// <summary>Lazily compiled modules (<see cref="Engine.CompileLazily"/>): same results as eager ones, bodies compiled on first call.</summary>
public class LazyCompilationTests
{
    private const int Count = 200;

    /// <summary>
    /// <see cref="Count"/> functions $f0..: each mixes its argument with its own constants and, for odd
    /// indices, calls the previous function directly and another through the table, so lazy bodies
    /// call bodies that are not compiled yet by both routes. Also multi-value and a trap with names.
    /// </summary>
    private static string Program()
    {
        var wat = new StringBuilder("(module $gen (type $t (func (param i32) (result i32))) (table ");
        wat.Append(Count).Append(" funcref) (elem (i32.const 0)");
        for (var i = 0; i < Count; i++)
        {
            wat.Append(" $f").Append(i);
        }

        wat.Append(')');
        for (var i = 0; i < Count; i++)
        {
            wat.Append($"(func $f{i} (export \"f{i}\") (param i32) (result i32) ");
            var mix = $"(i32.add (i32.mul (local.get 0) (i32.const {(i * 2654435761L) & 0x7fffffff})) (i32.const {i}))";
            wat.Append(i % 2 == 1
                ? $"(i32.xor {mix} (i32.add (call $f{i - 1} (local.get 0)) (call_indirect (type $t) (local.get 0) (i32.const {(i * 7) % i}))))"
                : mix);
            wat.Append(')');
        }

        wat.Append("""
            (func $split (export "split") (param i64) (result i32 i32)
              (i32.wrap_i64 (local.get 0)) (i32.wrap_i64 (i64.shr_u (local.get 0) (i64.const 32))))
            (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
            (func $outer (export "outer") (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
            (func (export "loop") (loop $l (br $l))))
            """);
        return wat.ToString();
    }

    private static Instance Instantiate(bool lazy, out Module module, bool fuel = false)
    {
        var engine = new Engine { CompileLazily = lazy, ConsumeFuel = fuel };
        module = Module.FromText(engine, "gen", Program());
        var store = new Store(engine);
        if (fuel)
        {
            store.SetFuel(10_000);
        }

        return new Linker(engine).Instantiate(store, module);
    }

    [Fact]
    public void FunctionsCalledInRandomOrderGiveTheEagerResults()
    {
        var eager = Instantiate(lazy: false, out _);
        var lazy = Instantiate(lazy: true, out var module);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(5).Shuffle(order);

        foreach (var i in order.Take(Count / 2))
        {
            Assert.Equal(eager.GetFunction($"f{i}")!.Invoke(Value.FromInt32(i + 3)), lazy.GetFunction($"f{i}")!.Invoke(Value.FromInt32(i + 3)));
        }

        Assert.Equal(eager.GetFunction("split")!.Invoke(Value.FromInt64(0x1_0000_0002)), lazy.GetFunction("split")!.Invoke(Value.FromInt64(0x1_0000_0002)));
        Assert.NotNull(module.Compiled.Lazy);
    }

    [Fact]
    public void OnlyFunctionsThatRunAreCompiled()
    {
        var instance = Instantiate(lazy: true, out var module);
        var lazy = module.Compiled.Lazy!;

        Assert.Equal(0, lazy.CompiledCount);
        instance.GetFunction("f0")!.Invoke(Value.FromInt32(1));
        Assert.Equal(1, lazy.CompiledCount);
        instance.GetFunction("f0")!.Invoke(Value.FromInt32(2));
        instance.GetFunction("f2")!.Invoke(Value.FromInt32(2));
        Assert.Equal(2, lazy.CompiledCount);
    }

    [Fact]
    public void InstancesShareCompiledBodies()
    {
        var engine = new Engine { CompileLazily = true };
        var module = Module.FromText(engine, "gen", Program());
        var first = new Linker(engine).Instantiate(new Store(engine), module);
        var second = new Linker(engine).Instantiate(new Store(engine), module);

        var a = first.GetFunction("f9")!.Invoke(Value.FromInt32(4));
        var compiled = module.Compiled.Lazy!.CompiledCount;
        var b = second.GetFunction("f9")!.Invoke(Value.FromInt32(4));

        Assert.Equal(a, b);
        Assert.Equal(compiled, module.Compiled.Lazy!.CompiledCount);
    }

    [Fact]
    public void ConcurrentFirstCallsCompileEachBodyOnce()
    {
        var engine = new Engine { CompileLazily = true };
        var module = Module.FromText(engine, "gen", Program());
        var expected = Instantiate(lazy: false, out _).GetFunction("f199")!.Invoke(Value.FromInt32(7));

        var results = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => new Linker(engine).Instantiate(new Store(engine), module).GetFunction("f199")!.Invoke(Value.FromInt32(7)))
            .ToList();

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.Equal(module.Compiled.Lazy!.Code.Count(c => c != 0), module.Compiled.Lazy.CompiledCount);
    }

    [Fact]
    public void TrapsInLazyBodiesNameTheirFunctions()
    {
        var instance = Instantiate(lazy: true, out _);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("outer")!.Invoke(Value.FromInt32(0)));

        Assert.Equal(TrapCode.IntegerDivideByZero, trap.Code);
        Assert.Equal("gen!inner", trap.WasmBacktrace[0]);
        Assert.Equal("gen!outer", trap.WasmBacktrace[1]);
    }

    [Fact]
    public void FuelIsChargedInLazyBodies()
    {
        var instance = Instantiate(lazy: true, out _, fuel: true);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("loop")!.Invoke());

        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
    }

    [Fact]
    public void LargeModulesAreCompiledLazilyByDefault()
    {
        var small = Module.FromText(new Engine(), "gen", Program());
        // 1,000 bodies of 90 twelve-byte constant-and-drop pairs: just over the 1 MiB threshold.
        var bodies = string.Concat(Enumerable.Range(0, 1000).Select(i =>
            $"(func (result i32) {string.Concat(Enumerable.Repeat("(drop (i64.const 0x7fffffffffffffff))", 90))} (i32.const {i}))"));
        var large = Module.FromText(new Engine(), "large", $"(module {bodies})");

        Assert.Null(small.Compiled.Lazy);
        Assert.NotNull(large.Compiled.Lazy);
    }
}
