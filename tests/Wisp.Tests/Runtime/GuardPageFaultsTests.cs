using Wisp.Runtime;
using Wisp.Wast;

namespace Wisp.Tests.Runtime;

/// <summary>
/// Memory bounds with guard pages (<see cref="Engine.GuardPages"/>, the default where supported) against explicit checks:
/// both must trap exactly where the spec says, including where the JIT would otherwise narrow an
/// access whose value is unused.
/// </summary>
public class GuardPageFaultsTests
{
    private const string EdgeAccesses = """
        (module
          (memory 1)
          (func (export "drop64") (param i32) (drop (i64.load (local.get 0))))
          (func (export "dropf64") (param i32) (drop (f64.load offset=4 (local.get 0))))
          (func (export "drop32") (param i32) (drop (i32.load (local.get 0))))
          (func (export "drop16") (param i32) (drop (i32.load16_u (local.get 0))))
          (func (export "drop8") (param i32) (drop (i32.load8_u (local.get 0))))
          (func (export "dead-local64") (param i32) (local i64) (local.set 1 (i64.load (local.get 0))))
          (func (export "drop128") (param i32) (drop (v128.load (local.get 0))))
          (func (export "drop64x2") (param i32) (drop (v128.load32x2_u (local.get 0))))
          (func (export "lane64") (param i32) (drop (v128.load64_lane 1 (local.get 0) (v128.const i64x2 0 0))))
          (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const -1)))
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "far") (param i32) (result i32) (i32.load offset=0xfffffff0 (local.get 0))))
        (assert_return (invoke "drop64" (i32.const 65528)))
        (assert_trap (invoke "drop64" (i32.const 65532)) "out of bounds memory access")
        (assert_trap (invoke "drop64" (i32.const 65529)) "out of bounds memory access")
        (assert_return (invoke "dropf64" (i32.const 65524)))
        (assert_trap (invoke "dropf64" (i32.const 65525)) "out of bounds memory access")
        (assert_return (invoke "drop32" (i32.const 65532)))
        (assert_trap (invoke "drop32" (i32.const 65533)) "out of bounds memory access")
        (assert_trap (invoke "drop16" (i32.const 65535)) "out of bounds memory access")
        (assert_return (invoke "drop8" (i32.const 65535)))
        (assert_trap (invoke "drop8" (i32.const 65536)) "out of bounds memory access")
        (assert_trap (invoke "dead-local64" (i32.const 65532)) "out of bounds memory access")
        (assert_return (invoke "drop128" (i32.const 65520)))
        (assert_trap (invoke "drop128" (i32.const 65521)) "out of bounds memory access")
        (assert_trap (invoke "drop64x2" (i32.const 65530)) "out of bounds memory access")
        (assert_trap (invoke "lane64" (i32.const 65530)) "out of bounds memory access")
        (assert_trap (invoke "store64" (i32.const 65532)) "out of bounds memory access")
        (assert_return (invoke "peek" (i32.const 65532)) (i32.const 0))
        (assert_trap (invoke "drop64" (i32.const -1)) "out of bounds memory access")
        (assert_trap (invoke "far" (i32.const 0)) "out of bounds memory access")
        (assert_trap (invoke "far" (i32.const -1)) "out of bounds memory access")
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AccessesAtTheEndOfMemoryTrapExactlyWhenABytePassesIt(bool guardPages)
    {
        // Where guard pages are unsupported both rows check explicitly, which must pass as well.
        AssertAllPass(EdgeAccesses, "edges.wast", 21, guardPages);
    }

    /// <summary>
    /// Unused loads just past ones that succeeded. RyuJIT deletes a load whose value is unused when it
    /// believes the read cannot fault, which it does for a small offset from a pointer already read,
    /// and (found by fuzzing, ttf-s9-8885) for any constant offset from the memory base once the base
    /// itself was read. Each row failed before the base was biased and probes stopped duplicating
    /// their pointer (docs/RATIONALE.md).
    /// </summary>
    private const string UnusedLoadsNearUsedOnes = """
        (module
          (memory 1 1)
          (func (export "zero-then-far") (result i32)
            (drop (i32.load8_u (i32.const 0)))
            (drop (f64.ge (f64.mul (f64.load align=1 (i32.const 1131945760)) (f64.const 1)) (f64.const 2)))
            (i32.const 7))
          (func (export "zero-then-end") (result i32)
            (i32.load (i32.const 0))
            (drop (i64.load (i32.const 65532))))
          (func (export "wide-then-wider") (param i32) (result i32)
            (i32.wrap_i64 (i64.load (local.get 0)))
            (drop (i64.load offset=4 (local.get 0))))
          (func (export "narrow-then-wide") (param i32) (result i32)
            (drop (i32.load (local.get 0)))
            (drop (i64.load (local.get 0)))
            (i32.const 5))
          (func (export "used-then-next") (param i32) (result i32)
            (i32.load (local.get 0))
            (drop (i32.load offset=4 (local.get 0))))
          (func (export "dead-local") (param i32) (result i32) (local f64)
            (i32.load (local.get 0))
            (local.set 1 (f64.load offset=2 (local.get 0))))
          (func (export "times-zero") (param i32) (result i64)
            (i64.add (i64.load (local.get 0)) (i64.mul (i64.load offset=8 (local.get 0)) (i64.const 0)))))
        (assert_trap (invoke "zero-then-far") "out of bounds memory access")
        (assert_trap (invoke "zero-then-end") "out of bounds memory access")
        (assert_return (invoke "wide-then-wider" (i32.const 65524)) (i32.const 0))
        (assert_trap (invoke "wide-then-wider" (i32.const 65528)) "out of bounds memory access")
        (assert_return (invoke "narrow-then-wide" (i32.const 65528)) (i32.const 5))
        (assert_trap (invoke "narrow-then-wide" (i32.const 65532)) "out of bounds memory access")
        (assert_return (invoke "used-then-next" (i32.const 65528)) (i32.const 0))
        (assert_trap (invoke "used-then-next" (i32.const 65532)) "out of bounds memory access")
        (assert_return (invoke "dead-local" (i32.const 65526)) (i32.const 0))
        (assert_trap (invoke "dead-local" (i32.const 65527)) "out of bounds memory access")
        (assert_return (invoke "times-zero" (i32.const 65520)) (i64.const 0))
        (assert_trap (invoke "times-zero" (i32.const 65521)) "out of bounds memory access")
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnusedLoadsJustPastOnesThatSucceededStillTrap(bool guardPages)
    {
        AssertAllPass(UnusedLoadsNearUsedOnes, "unused-loads.wast", 13, guardPages);
    }

    /// <summary>
    /// Unused 8-byte loads through one address share a probe: the first reads the last byte of all of
    /// them (hash64's four loads per iteration). A store closes the window, so a trap after it still
    /// comes after it.
    /// </summary>
    private const string SharedProbes = """
        (module
          (memory 1 1)
          (func (export "four") (param i32) (result i32)
            (drop (i64.load (local.get 0)))
            (drop (f64.load offset=8 (local.get 0)))
            (drop (i64.load offset=16 (local.get 0)))
            (drop (i64.load offset=24 (local.get 0)))
            (i32.const 4))
          (func (export "store-between") (param i32) (result i32)
            (drop (i64.load (local.get 0)))
            (i32.store8 (i32.const 0) (i32.const 7))
            (drop (i64.load offset=24 (local.get 0)))
            (i32.const 2))
          (func (export "peek") (result i32) (i32.load8_u (i32.const 0))))
        (assert_return (invoke "four" (i32.const 65504)) (i32.const 4))
        (assert_trap (invoke "four" (i32.const 65505)) "out of bounds memory access")
        (assert_trap (invoke "four" (i32.const 65532)) "out of bounds memory access")
        (assert_return (invoke "peek") (i32.const 0))
        (assert_trap (invoke "store-between" (i32.const 65505)) "out of bounds memory access")
        (assert_return (invoke "peek") (i32.const 7))
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnusedLoadsThroughOneAddressTrapAtTheFirstOneOutOfBounds(bool guardPages)
    {
        AssertAllPass(SharedProbes, "shared-probes.wast", 7, guardPages);
    }

    /// <summary>
    /// 8-byte loads without a probe of their own: one whose bytes the store ending its window would
    /// trap on, and one whose value reaches a store through integer arithmetic. Loads the JIT could
    /// still drop (a narrower store, something in between, a value that cancels out) keep theirs.
    /// </summary>
    private const string LoadsWithoutProbes = """
        (module
          (memory 1 1)
          (global $g (mut i64) (i64.const 0))
          (func $mark (i32.store8 (i32.const 16) (i32.const 1)))
          (func (export "increment") (param i32)
            (i64.store (local.get 0) (i64.add (i64.load (local.get 0)) (i64.const 1))))
          (func (export "overwritten") (param i32)
            (drop (i64.load (local.get 0))) (i64.store (local.get 0) (i64.const 5)))
          (func (export "narrower-store") (param i32)
            (drop (i64.load (local.get 0))) (i32.store (local.get 0) (i32.const 5)))
          (func (export "call-between") (param i32)
            (drop (i64.load (local.get 0))) (call $mark) (i64.store (local.get 0) (i64.const 5)))
          (func (export "minus-itself") (param i32)
            (local i64)
            (i64.store (i32.const 0) (i64.sub (local.tee 1 (i64.load (local.get 0))) (local.get 1))))
          (func (export "plus-negated") (param i32)
            (local i64)
            (i64.store (i32.const 0) (i64.add (local.tee 1 (i64.load (local.get 0))) (i64.sub (i64.const 0) (local.get 1)))))
          (func (export "read-twice") (param i32)
            (i64.store (i32.const 0) (i64.xor (i64.load (local.get 0)) (i64.load (local.get 0)))))
          (func (export "through-global") (param i32)
            (global.set $g (i64.load (local.get 0)))
            (i64.store (i32.const 0) (i64.sub (i64.load (local.get 0)) (global.get $g))))
          (func (export "times-two") (param i32)
            (i64.store (i32.const 0) (i64.mul (i64.load (local.get 0)) (i64.const 2))))
          (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
        (assert_return (invoke "increment" (i32.const 65528)))
        (assert_return (invoke "peek" (i32.const 65528)) (i32.const 1))
        (assert_trap (invoke "increment" (i32.const 65529)) "out of bounds memory access")
        (assert_return (invoke "overwritten" (i32.const 65528)))
        (assert_trap (invoke "overwritten" (i32.const 65529)) "out of bounds memory access")
        (assert_trap (invoke "narrower-store" (i32.const 65530)) "out of bounds memory access")
        (assert_return (invoke "peek" (i32.const 65530)) (i32.const 0))
        (assert_trap (invoke "call-between" (i32.const 65529)) "out of bounds memory access")
        (assert_return (invoke "peek" (i32.const 16)) (i32.const 0))
        (assert_trap (invoke "minus-itself" (i32.const 65529)) "out of bounds memory access")
        (assert_trap (invoke "plus-negated" (i32.const 65529)) "out of bounds memory access")
        (assert_trap (invoke "read-twice" (i32.const 65529)) "out of bounds memory access")
        (assert_trap (invoke "through-global" (i32.const 65529)) "out of bounds memory access")
        (assert_trap (invoke "times-two" (i32.const 65529)) "out of bounds memory access")
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadsTheStoreOrTheirUseKeepStillTrapAndOthersKeepTheirProbes(bool guardPages)
    {
        AssertAllPass(LoadsWithoutProbes, "loads-without-probes.wast", 15, guardPages);
    }

    /// <summary>Runs <paramref name="script"/> in one mode: every one of its <paramref name="commands"/> must pass.</summary>
    private static void AssertAllPass(string script, string name, int commands, bool guardPages)
    {
        var result = new WastRunner(new WastRunnerOptions { GuardPages = guardPages }).RunText(script, name);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal(commands, result.Passed);
    }

    [Fact]
    public void APooledMemoryThatGrewIsInaccessibleBeyondTheNextTenantsSize()
    {
        // One pooled block: the second instance gets the slot the first grew to 4 pages.
        var engine = new Engine { PooledMemories = 1, GuardPages = true };
        var pre = new Linker(engine).InstantiatePre(Module.FromText(engine, "grow", """
            (module
              (memory (export "memory") 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """));
        using (var store = new Store(engine))
        {
            var instance = pre.Instantiate(store);
            Assert.Equal(1, instance.GetFunction("grow")!.WrapFunc<int, int>()(3));
            Assert.Equal(0, instance.GetFunction("load")!.WrapFunc<int, int>()(3 * 65536));
        }

        using (var store = new Store(engine))
        {
            var load = pre.Instantiate(store).GetFunction("load")!.WrapFunc<int, int>();
            Assert.Equal(0, load(65532));
            Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load(65536)).Code);
            Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => load(3 * 65536)).Code);
        }
    }

    [Fact]
    public void AFunctionOfADisposedStoreCannotBeCalled()
    {
        var engine = new Engine { PooledMemories = 1 };
        var module = Module.FromText(engine, "stale", """
            (module (memory 1) (func (export "load") (result i32) (i32.load (i32.const 0))))
            """);
        var store = new Store(engine);
        var load = new Linker(engine).Instantiate(store, module).GetFunction("load")!.WrapFunc<int>();
        Assert.Equal(0, load());

        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => load());
    }

    [Fact]
    public void ANullReferenceInAHostFunctionIsAHostErrorNotAMemoryTrap()
    {
        var engine = new Engine { GuardPages = true };
        var linker = new Linker(engine);
        linker.DefineFunction("env", "fail", () => throw new NullReferenceException("host bug"));
        var instance = linker.Instantiate(new Store(engine), Module.FromText(engine, "host", """
            (module (import "env" "fail" (func $fail)) (memory 1) (func (export "run") (call $fail)))
            """));

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());

        Assert.Equal(TrapCode.HostError, trap.Code);
    }

    [Fact]
    public void ManyThreadsFaultingAtOnceAllTrap()
    {
        var engine = new Engine { GuardPages = true };
        var module = Module.FromText(engine, "threads", """
            (module (memory 1) (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """);
        var linker = new Linker(engine);

        var traps = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(t =>
        {
            using var store = new Store(engine);
            var load = linker.Instantiate(store, module).GetFunction("load")!.WrapFunc<int, int>();
            var count = 0;
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    load(65536 + (t * 1000) + i);
                }
                catch (TrapException e) when (e.Code == TrapCode.MemoryOutOfBounds)
                {
                    count++;
                }
            }

            return count;
        }).ToArray();

        Assert.All(traps, count => Assert.Equal(200, count));
    }
}
