using Wisp.Runtime;

namespace Wisp.Tests.Api;

/// <summary><see cref="StoreLimits.MaxMemoryBytes"/> and <see cref="Engine.MaxWasmStack"/>.</summary>
public class ResourceLimitTests
{
    private const string Guest = """
        (module
          (memory (export "memory") 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func $depth (export "depth") (param i32) (result i32)
            (if (result i32) (local.get 0)
              (then (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))
              (else (i32.const 0)))))
        """;

    private static Instance Instantiate(Engine engine, Store store) =>
        new Linker(engine).Instantiate(store, Module.FromText(engine, "guest", Guest));

    [Fact]
    public void MemoryCannotGrowPastTheStoreLimit()
    {
        var engine = new Engine();
        using var store = new Store(engine) { Limits = new StoreLimits { MaxMemoryBytes = 3 * 65536 + 100 } };
        var grow = Instantiate(engine, store).GetFunction("grow")!.WrapFunc<int, int>();

        Assert.Equal(1, grow(2));
        Assert.Equal(-1, grow(1));
        Assert.Equal(3, grow(0));
    }

    [Fact]
    public void AModuleWhoseMemoryIsOverTheLimitFailsToInstantiate()
    {
        var engine = new Engine();
        using var store = new Store(engine) { Limits = new StoreLimits { MaxMemoryBytes = 65535 } };

        var e = Assert.Throws<LinkException>(() => Instantiate(engine, store));
        Assert.Contains("memory limit", e.Message);
        Assert.Throws<LinkException>(() => new Memory(store, 1));
    }

    [Fact]
    public void HostMemoriesObeyTheStoreLimit()
    {
        using var store = new Store(new Engine()) { Limits = new StoreLimits { MaxMemoryBytes = 2 * 65536 } };
        var memory = new Memory(store, 1);

        Assert.Equal(1, memory.Runtime.Grow(1));
        Assert.Equal(-1, memory.Runtime.Grow(1));
    }

    [Fact]
    public void TheStackBudgetBoundsRecursion()
    {
        var limited = new Engine { MaxWasmStack = 64 * 1024 };
        var depth = Instantiate(limited, new Store(limited)).GetFunction("depth")!.WrapFunc<int, int>();
        var unlimited = new Engine();
        var unlimitedDepth = Instantiate(unlimited, new Store(unlimited)).GetFunction("depth")!.WrapFunc<int, int>();

        Assert.Equal(100, depth(100));
        var trap = Assert.Throws<TrapException>(() => depth(5_000));
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);

        // The budget ends with the call: the same thread recurses as deep as before without one.
        Assert.Equal(5_000, unlimitedDepth(5_000));
        Assert.Equal(100, depth(100));
    }

    [Fact]
    public void AStoreUsedByAnotherThreadStillStopsRunawayRecursion()
    {
        // The stack checkpoint compiled code reads is the store's; each call from the host must
        // reset it for the calling thread, or a checkpoint from one thread's stack would let another
        // thread overflow its own.
        var engine = new Engine();
        var store = new Store(engine);
        var depth = Instantiate(engine, store).GetFunction("depth")!.WrapFunc<int, int>();
        Assert.Equal(10_000, depth(10_000));

        var trap = BackgroundCall.Run(() => depth(100_000_000), TimeSpan.FromSeconds(60), stackSize: 256 * 1024);

        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<TrapException>(trap).Code);
        Assert.Equal(10_000, depth(10_000));
    }

    [Fact]
    public void EveryInstanceInTheStoreChecksAgainstTheRunningThreadsCheckpoint()
    {
        // Compiled code reads the checkpoint from its own instance, and a call from the host into one
        // instance of a store must seed all of them: here the callee's copy starts as one that
        // belongs to no stack (0, below every address), so unless the call into the caller replaced
        // it, the callee would never probe and would recurse until the process died.
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        Instantiate(engine, store); // so that the callee is not the store's first instance
        var callee = Instantiate(engine, store);
        linker.DefineInstance(store, "guest", callee);
        var caller = linker.Instantiate(store, Module.FromText(engine, "caller", """
            (module
              (import "guest" "depth" (func $depth (param i32) (result i32)))
              (func (export "depth") (param i32) (result i32) (call $depth (local.get 0))))
            """));
        var depth = caller.GetFunction("depth")!.WrapFunc<int, int>();
        callee.Runtime.Context.StackCheckpoint = 0;

        var trap = BackgroundCall.Run(() => depth(100_000_000), TimeSpan.FromSeconds(60), stackSize: 256 * 1024);

        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<TrapException>(trap).Code);
        Assert.Equal(10_000, depth(10_000));
    }

    [Fact]
    public void RecursionThroughAnotherStoresFunctionIsBounded()
    {
        // $a (store 1) and $b (store 2) call each other: compiled code reaches the other store's function
        // through the host path, which keeps the stack check in force.
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.Define("host", "table", new Table(Wisp.Model.ValType.FuncRef, 1, 1));
        const string Wat = """
            (module
              (import "host" "table" (table 1 1 funcref))
              (type $t (func (param i32) (result i32)))
              (func $f (export "f") (param i32) (result i32)
                (if (result i32) (local.get 0)
                  (then (i32.add (i32.const 1) (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))
                  (else (i32.const 0))))
              (func (export "install") (table.set 0 (i32.const 0) (ref.func $f))))
            """;
        var first = linker.Instantiate(new Store(engine), Module.FromText(engine, "first", Wat));
        var second = linker.Instantiate(new Store(engine), Module.FromText(engine, "second", Wat));
        second.GetFunction("install")!.Invoke();
        var f = first.GetFunction("f")!.WrapFunc<int, int>();

        Assert.Equal(1_000, f(1_000));
        var trap = BackgroundCall.Run(() => f(100_000_000), TimeSpan.FromSeconds(60));
        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<TrapException>(trap).Code);
    }

    [Fact]
    public void TheStackBudgetMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Engine { MaxWasmStack = 0 });
    }
}
