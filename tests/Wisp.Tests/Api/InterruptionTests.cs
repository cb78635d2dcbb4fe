using System.Diagnostics;
using System.Reflection;
using Wisp.Runtime;

namespace Wisp.Tests.Api;

/// <summary>Fuel metering and interruption: <see cref="Engine.ConsumeFuel"/>, <see cref="Engine.Interruptible"/>.</summary>
public class InterruptionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>spin</c> counts its argument down: 1 unit at entry (the <c>loop</c>), 6 per iteration.
    /// <c>forever</c> never ends; <c>tree</c> makes 2^n calls with no loop, so only entry checks see it.
    /// </summary>
    private const string Guest = """
        (module
          (func (export "spin") (param i32)
            (loop $l
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_if $l (local.get 0))))
          (func (export "forever") (loop $l (br $l)))
          (func $tree (export "tree") (param i32)
            (if (local.get 0)
              (then
                (call $tree (i32.sub (local.get 0) (i32.const 1)))
                (call $tree (i32.sub (local.get 0) (i32.const 1))))))
          (func (export "one") (result i32) (i32.const 1)))
        """;

    private static (Store Store, Instance Instance) Instantiate(Engine engine)
    {
        var store = new Store(engine);
        return (store, new Linker(engine).Instantiate(store, Module.FromText(engine, "guest", Guest)));
    }

    [Fact]
    public void FuelIsChargedPerInstructionAtEntriesAndLoopHeads()
    {
        var (store, instance) = Instantiate(new Engine { ConsumeFuel = true });
        var spin = instance.GetFunction("spin")!.WrapAction<int>();

        store.SetFuel(61);
        spin(10);
        Assert.Equal(0ul, store.GetFuel());

        store.SetFuel(60);
        var trap = Assert.Throws<TrapException>(() => spin(10));
        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal("all fuel consumed", trap.Message);
        Assert.Equal(0ul, store.GetFuel());
    }

    [Fact]
    public void AStoreStartsWithoutFuel()
    {
        var (_, instance) = Instantiate(new Engine { ConsumeFuel = true });

        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => instance.GetFunction("one")!.Invoke()).Code);
    }

    [Fact]
    public void FuelStopsAnInfiniteLoopAndLoopFreeRecursion()
    {
        var (store, instance) = Instantiate(new Engine { ConsumeFuel = true });

        store.SetFuel(1_000_000);
        var loop = BackgroundCall.Run(() => instance.GetFunction("forever")!.Invoke(), Limit);
        store.SetFuel(1_000_000);
        var tree = BackgroundCall.Run(() => instance.GetFunction("tree")!.Invoke(Value.FromInt32(60)), Limit);

        Assert.Equal(TrapCode.OutOfFuel, Assert.IsType<TrapException>(loop).Code);
        Assert.Equal(TrapCode.OutOfFuel, Assert.IsType<TrapException>(tree).Code);
    }

    [Fact]
    public void ADeadlineInterruptsAnInfiniteLoop()
    {
        var (store, instance) = Instantiate(new Engine { Interruptible = true });
        var clock = Stopwatch.StartNew();

        store.SetDeadline(TimeSpan.FromMilliseconds(200));
        var thrown = BackgroundCall.Run(() => instance.GetFunction("forever")!.Invoke(), Limit);

        var trap = Assert.IsType<TrapException>(thrown);
        Assert.Equal(TrapCode.Interrupted, trap.Code);
        Assert.Equal("interrupted", trap.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"interrupted after {clock.Elapsed}, before the deadline");
    }

    [Fact]
    public void InterruptFromAnotherThreadStopsLoopFreeRecursion()
    {
        var (store, instance) = Instantiate(new Engine { Interruptible = true });

        using var timer = new Timer(_ => store.Interrupt(), null, 100, Timeout.Infinite);
        var thrown = BackgroundCall.Run(() => instance.GetFunction("tree")!.Invoke(Value.FromInt32(60)), Limit);

        Assert.Equal(TrapCode.Interrupted, Assert.IsType<TrapException>(thrown).Code);
    }

    [Fact]
    public void AnInterruptStaysUntilANewDeadlineClearsIt()
    {
        var (store, instance) = Instantiate(new Engine { Interruptible = true });
        var one = instance.GetFunction("one")!.WrapFunc<int>();

        store.Interrupt();
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<TrapException>(() => one()).Code);
        Assert.Equal(TrapCode.Interrupted, Assert.Throws<TrapException>(() => one()).Code);

        store.SetDeadline(Timeout.InfiniteTimeSpan);
        Assert.Equal(1, one());
    }

    [Fact]
    public void FuelAndInterruptsNeedAnEngineCompilingTheirChecks()
    {
        var store = new Store(new Engine());

        Assert.Throws<InvalidOperationException>(() => store.SetFuel(10));
        Assert.Throws<InvalidOperationException>(() => store.GetFuel());
        Assert.Throws<InvalidOperationException>(() => store.Interrupt());
        Assert.Throws<InvalidOperationException>(() => store.SetDeadline(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ChecksAreOnlyEmittedWhenAskedFor()
    {
        static int IlSize(Engine engine) => Module.FromText(engine, "guest", Guest).Compiled.CodeType
            .GetMethod("f0", BindingFlags.Public | BindingFlags.Static)!.GetMethodBody()!.GetILAsByteArray()!.Length;

        var plain = IlSize(new Engine());
        var fuel = IlSize(new Engine { ConsumeFuel = true });
        var interrupt = IlSize(new Engine { Interruptible = true });
        var both = IlSize(new Engine { ConsumeFuel = true, Interruptible = true });

        Assert.True(plain < fuel && plain < interrupt, $"plain {plain}, fuel {fuel}, interrupt {interrupt}");
        Assert.True(fuel < both && interrupt < both, $"fuel {fuel}, interrupt {interrupt}, both {both}");
    }
}
