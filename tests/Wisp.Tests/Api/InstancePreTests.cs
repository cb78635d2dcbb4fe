using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class InstancePreTests
{
    /// <summary>Data at 16, a mutable global, a table whose slot 0 holds $seven; exports to change all three.</summary>
    private const string Stateful = """
        (module
          (memory (export "memory") 1)
          (data (i32.const 16) "wisp")
          (global $g (export "g") (mut i32) (i32.const 5))
          (table $t (export "t") 2 funcref)
          (elem (i32.const 0) $seven)
          (func $seven (result i32) (i32.const 7))
          (func (export "scribble") (param $value i32)
            (i32.store (i32.const 16) (local.get $value))
            (i32.store (i32.const 60000) (local.get $value))
            (global.set $g (local.get $value))
            (table.set $t (i32.const 0) (ref.null func))
            (table.set $t (i32.const 1) (ref.func $seven)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0))))
        """;

    private readonly Engine _engine = new();

    private InstancePre Prepare(string wat, Engine? engine = null)
    {
        engine ??= _engine;
        return new Linker(engine).InstantiatePre(Module.FromText(engine, "test", wat));
    }

    [Fact]
    public void EveryInstanceStartsFromTheModulesInitialState()
    {
        var pre = Prepare(Stateful);
        for (var round = 0; round < 3; round++)
        {
            using var store = new Store(_engine);
            var instance = pre.Instantiate(store);
            AssertInitialState(instance);
            instance.GetFunction("scribble")!.Invoke(Value.FromInt32(-1));
            Assert.Equal(1, instance.GetFunction("grow")!.Invoke(Value.FromInt32(2))[0].AsInt32);
            instance.GetMemory("memory")!.WriteInt32(3 * 65536 - 4, -1);
        }
    }

    [Fact]
    public void InstancesLiveSideBySideWithoutSharingState()
    {
        var pre = Prepare(Stateful);
        using var store = new Store(_engine);
        var first = pre.Instantiate(store);
        var second = pre.Instantiate(store);

        first.GetFunction("scribble")!.Invoke(Value.FromInt32(99));

        AssertInitialState(second);
        Assert.Equal(99, first.GetGlobal("g")!.Value.AsInt32);
    }

    [Fact]
    public void ConcurrentInstantiationsFromManyThreadsStayIsolated()
    {
        var pre = Prepare(Stateful);
        var failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using var store = new Store(_engine);
            var instance = pre.Instantiate(store);
            try
            {
                AssertInitialState(instance);
                instance.GetFunction("scribble")!.Invoke(Value.FromInt32(i));
                Assert.Equal(i, instance.GetMemory("memory")!.ReadInt32(60000));
                Assert.Equal(i, instance.GetGlobal("g")!.Value.AsInt32);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failures);
                throw;
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void APooledMemoryComesBackZeroedSmallOrLarge()
    {
        // One pooled block, so every instance below gets the same one back.
        var engine = new Engine { PooledMemories = 1 };
        var pre = Prepare(Stateful, engine);
        foreach (var pages in new uint[] { 0, 3, 40 })
        {
            using (var store = new Store(engine))
            {
                var instance = pre.Instantiate(store);
                instance.GetFunction("grow")!.Invoke(Value.FromInt32((int)pages));
                instance.GetMemory("memory")!.GetSpan(0, (int)instance.GetMemory("memory")!.Length).Fill(0xff);
            }

            using (var store = new Store(engine))
            {
                var instance = pre.Instantiate(store);
                var memory = instance.GetMemory("memory")!;
                Assert.Equal(1u, memory.Size);
                memory.Grow(pages);
                var bytes = memory.GetSpan(0, (int)memory.Length).ToArray();
                Assert.Equal("wisp"u8.ToArray(), bytes[16..20]);
                bytes.AsSpan(16, 4).Clear();
                Assert.Equal(-1, bytes.AsSpan().IndexOfAnyExcept((byte)0));
            }
        }
    }

    [Fact]
    public void AStoresMemoryLimitHoldsForPooledMemories()
    {
        var pre = Prepare(Stateful);
        using var store = new Store(_engine) { Limits = new StoreLimits { MaxMemoryBytes = 2 * 65536 } };
        var instance = pre.Instantiate(store);

        Assert.Equal(1, instance.GetFunction("grow")!.Invoke(Value.FromInt32(1))[0].AsInt32);
        Assert.Equal(-1, instance.GetFunction("grow")!.Invoke(Value.FromInt32(1))[0].AsInt32);

        using var tiny = new Store(_engine) { Limits = new StoreLimits { MaxMemoryBytes = 0 } };
        Assert.Throws<LinkException>(() => pre.Instantiate(tiny));
    }

    [Fact]
    public void AMemoryOfADisposedStoreIsEmptyAndTraps()
    {
        var engine = new Engine { PooledMemories = 1 };
        var pre = Prepare(Stateful, engine);
        var store = new Store(engine);
        var stale = pre.Instantiate(store).GetMemory("memory")!;
        store.Dispose();

        using var next = new Store(engine);
        pre.Instantiate(next).GetMemory("memory")!.WriteInt32(100, 12345);

        Assert.Equal(0ul, stale.Length);
        Assert.Throws<TrapException>(() => stale.ReadInt32(100));
        Assert.Throws<InvalidOperationException>(() => stale.Grow(1));
        Assert.Equal(0ul, stale.Length);
    }

    [Fact]
    public void ImportsAreResolvedWhenPreparedNotWhenInstantiated()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "answer", () => 42);
        var module = Module.FromText(_engine, "test", """
            (module
              (import "env" "answer" (func $answer (result i32)))
              (func (export "run") (result i32) (call $answer)))
            """);
        var pre = linker.InstantiatePre(module);
        linker.AllowShadowing = true;
        linker.DefineFunction("env", "answer", () => 0);

        using var store = new Store(_engine);

        Assert.Equal(42, pre.Instantiate(store).GetFunction("run")!.Invoke<int>());
        Assert.Throws<LinkException>(() => new Linker(_engine).InstantiatePre(module));
    }

    [Fact]
    public void AStoreOfAnotherEngineIsRefused()
    {
        var pre = Prepare(Stateful);
        using var store = new Store(new Engine());

        Assert.Throws<ArgumentException>(() => pre.Instantiate(store));
    }

    [Fact]
    public void ATrappingStartFunctionFailsEveryInstantiationAlike()
    {
        var pre = Prepare("""
            (module
              (memory 1)
              (data (i32.const 0) "x")
              (func $start (unreachable))
              (start $start))
            """);

        for (var i = 0; i < 2; i++)
        {
            using var store = new Store(_engine);
            Assert.Equal(TrapCode.Unreachable, Assert.Throws<TrapException>(() => pre.Instantiate(store)).Code);
        }
    }

    private static void AssertInitialState(Instance instance)
    {
        var memory = instance.GetMemory("memory")!;
        Assert.Equal(1u, memory.Size);
        Assert.Equal("wisp", memory.ReadString(16, 4));
        Assert.Equal(0, memory.ReadInt32(60000));
        Assert.Equal(5, instance.GetGlobal("g")!.Value.AsInt32);
        Assert.Equal(7, instance.GetFunction("call0")!.Invoke<int>());
        Assert.Null(instance.GetTable("t")!.Get(1).Reference);
    }
}
