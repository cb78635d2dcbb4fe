using Wisp.Compilation;
using Wisp.Model;
using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class CallTests
{
    /// <summary>Calls table element 0 as (i32) -> (i32, i64) and adds both results and a global.</summary>
    private const string PairCaller = """
        (module (global $g i32 (i32.const 1000))
          (type $pair (func (param i32) (result i32 i64)))
          (table (export "table") 1 funcref)
          (func (export "call") (param i32) (result i64) (local $a i32) (local $b i64)
            (call_indirect (type $pair) (local.get 0) (i32.const 0))
            (local.set $b) (local.set $a)
            (i64.add (i64.add (i64.extend_i32_s (local.get $a)) (local.get $b)) (i64.extend_i32_s (global.get $g)))))
        """;

    private const string IndirectModule = """
        (module
          (type $i2i (func (param i32) (result i32)))
          (type $v2i (func (result i32)))
          (table (export "table") 4 funcref)
          (elem (i32.const 0) $double $seven)
          (func $double (type $i2i) (i32.mul (local.get 0) (i32.const 2)))
          (func $seven (type $v2i) (i32.const 7))
          (func (export "call") (param i32 i32) (result i32)
            (call_indirect (type $i2i) (local.get 0) (local.get 1))))
        """;

    [Fact]
    public void CallIndirectDispatchesAndChecksTheSlot()
    {
        var m = Instantiate(IndirectModule);
        Assert.Equal(42, m.CallI32("call", I32(21), I32(0)));
        var mismatch = m.Trap("call", I32(1), I32(1));
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, mismatch.Code);
        Assert.Equal("indirect call type mismatch", mismatch.Message);
        Assert.Equal(TrapCode.UninitializedElement, m.Trap("call", I32(1), I32(2)).Code);
        Assert.Equal(TrapCode.UndefinedElement, m.Trap("call", I32(1), I32(4)).Code);
        Assert.Equal(TrapCode.UndefinedElement, m.Trap("call", I32(1), I32(-1)).Code);
    }

    [Fact]
    public void CallIndirectReachesHostFunctionsAndOtherInstancesInTheTable()
    {
        var m = Instantiate(IndirectModule);
        var table = (TableInstance)m.Exports["table"];
        table.Elements[2] = HostFunctionOf([ValType.I32], [ValType.I32], (args, results) => results[0] = I32(args[0].AsInt32 + 1000));
        var other = Instantiate("""
            (module (global $g (mut i32) (i32.const 5))
              (func (export "add-g") (param i32) (result i32) (i32.add (local.get 0) (global.get $g))))
            """);
        table.Elements[3] = other.Exports["add-g"];
        Assert.Equal(1001, m.CallI32("call", I32(1), I32(2)));
        Assert.Equal(6, m.CallI32("call", I32(1), I32(3)));
    }

    [Fact]
    public void CallIndirectCallsInstancesOfTheSameStoreDirectlyWithTheirOwnState()
    {
        // Two instances sharing one store's control: compiled code calls the other's function straight
        // through its code pointer, which must run against the callee's context, not the caller's.
        var control = new ExecutionControl();
        var provider = InstantiateIn(control, """
            (module (global $g i32 (i32.const 40))
              (func (export "pair") (param i32) (result i32 i64)
                (i32.add (local.get 0) (global.get $g)) (i64.extend_i32_s (global.get $g))))
            """);
        var pair = (FunctionInstance)provider.Exports["pair"];
        Assert.Same(control, pair.DirectCallStore);

        var user = InstantiateIn(control, PairCaller);
        ((TableInstance)user.Exports["table"]).Elements[0] = pair;
        Assert.Equal(2 + 40 + 1000 + 40, user.CallI64("call", I32(2)));

        // The same function seen from an instance of another store goes the host way, with the same result.
        var stranger = Instantiate(PairCaller);
        ((TableInstance)stranger.Exports["table"]).Elements[0] = pair;
        Assert.Equal(2 + 40 + 1000 + 40, stranger.CallI64("call", I32(2)));
    }

    [Fact]
    public void OnlyCompiledFunctionsAreDirectlyCallable()
    {
        var m = Instantiate(IndirectModule);
        var table = (TableInstance)m.Exports["table"];
        var compiled = (FunctionInstance)table.Elements[0]!;
        Assert.NotNull(compiled.DirectCallStore);
        Assert.Null(HostFunctionOf([], [], (_, _) => { }).DirectCallStore);
    }

    [Fact]
    public void ImportedFunctionsRunWithTheirOwnInstanceState()
    {
        var provider = Instantiate("""
            (module (memory 1) (data (i32.const 0) "\2a")
              (func (export "peek") (result i32) (i32.load8_u (i32.const 0))))
            """);
        var user = Instantiate("""
            (module (import "p" "peek" (func $peek (result i32))) (memory 1)
              (func (export "f") (result i32) (i32.add (call $peek) (i32.load8_u (i32.const 0)))))
            """, provider.Exports["peek"]);
        Assert.Equal(42, user.CallI32("f"));
    }

    [Fact]
    public void HostImportsReceiveArgumentsAndReturnMultipleResults()
    {
        var seen = new List<Value>();
        var host = HostFunctionOf([ValType.I64, ValType.F64], [ValType.I32, ValType.F32], (args, results) =>
        {
            seen.AddRange(args.ToArray());
            results[0] = I32(3);
            results[1] = Value.FromSingle(0.5f);
        });
        var m = Instantiate("""
            (module (import "h" "f" (func $f (param i64 f64) (result i32 f32)))
              (func (export "g") (result f32) (local $half f32)
                (call $f (i64.const -9) (f64.const 1.5))
                (local.set $half)
                (f32.convert_i32_s) (local.get $half) (f32.add)))
            """, host);
        Assert.Equal(3.5f, m.Call("g")[0].AsSingle);
        Assert.Equal([I64(-9), Value.FromDouble(1.5)], seen);
    }

    [Fact]
    public void HostExceptionsBecomeHostErrorTraps()
    {
        var failing = HostFunctionOf([], [], (_, _) => throw new InvalidOperationException("boom"));
        var m = Instantiate("""(module (import "h" "f" (func $f)) (func (export "g") (call $f)))""", failing);
        var trap = m.Trap("g");
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
    }

    [Fact]
    public void HostResultsOfTheWrongTypeTrap()
    {
        var wrong = HostFunctionOf([], [ValType.I32], (_, results) => results[0] = I64(1));
        var m = Instantiate("""(module (import "h" "f" (func $f (result i32))) (func (export "g") (result i32) (call $f)))""", wrong);
        Assert.Equal(TrapCode.HostError, m.Trap("g").Code);
    }

    [Fact]
    public void RunawayRecursionTrapsAndTheNextCallWorks()
    {
        var m = Instantiate("""
            (module
              (func $f (export "runaway") (call $f))
              (func $even (export "even") (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (call $odd (i64.sub (local.get 0) (i64.const 1))))))
              (func $odd (param i64) (result i32)
                (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0)) (else (call $even (i64.sub (local.get 0) (i64.const 1)))))))
            """);
        var trap = m.Trap("runaway");
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.Equal("call stack exhausted", trap.Message);
        Assert.Equal(TrapCode.CallStackExhausted, m.Trap("even", I64(100_000_000)).Code);
        Assert.Equal(1, m.CallI32("even", I64(1000)));
    }

    private static ModuleInstance InstantiateIn(ExecutionControl control, string wat)
    {
        var compiled = Compile(wat);
        return ModuleInstantiator.Instantiate(compiled, ModuleInstantiator.Resolve(compiled, []), store: null, control, pool: null);
    }

    [Fact]
    public void InvokeRejectsArgumentsOfTheWrongType()
    {
        var m = Instantiate("""(module (func (export "f") (param i32)))""");
        Assert.Throws<ArgumentException>(() => m.Call("f", I64(1)));
        Assert.Throws<ArgumentException>(() => m.Call("f"));
    }
}
