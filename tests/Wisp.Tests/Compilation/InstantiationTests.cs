using Wisp.Model;
using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class InstantiationTests
{
    [Fact]
    public void ImportsAreCheckedAgainstTheirDeclaredTypes()
    {
        var compiled = Compile("""(module (import "m" "f" (func (param i32))))""");
        var wrongSignature = HostFunctionOf([ValType.I64], [], (_, _) => { });
        var global = new GlobalInstance(new GlobalType(ValType.I32, false), I32(1));
        Assert.Equal("incompatible import type", Assert.Throws<LinkException>(() => compiled.Instantiate([wrongSignature])).Message);
        Assert.Throws<LinkException>(() => compiled.Instantiate([global]));
        compiled.Instantiate([HostFunctionOf([ValType.I32], [], (_, _) => { })]);
    }

    [Fact]
    public void MemoryAndTableImportsMatchOnCurrentSizeAndMaximum()
    {
        var needsTwoPages = Compile("""(module (import "m" "mem" (memory 2 4)))""");
        var memory = new LinearMemory(new MemoryType(new Limits(1, 4)));
        Assert.Throws<LinkException>(() => needsTwoPages.Instantiate([memory]));
        memory.Grow(1);
        needsTwoPages.Instantiate([memory]);
        Assert.Throws<LinkException>(() => needsTwoPages.Instantiate([new LinearMemory(new MemoryType(new Limits(2, null)))]));

        var needsTable = Compile("""(module (import "m" "t" (table 3 funcref)))""");
        var table = new TableInstance(new TableType(ValType.FuncRef, new Limits(2, null)));
        Assert.Throws<LinkException>(() => needsTable.Instantiate([table]));
        table.Grow(1, null);
        needsTable.Instantiate([table]);
        Assert.Throws<LinkException>(() => needsTable.Instantiate([new TableInstance(new TableType(ValType.ExternRef, new Limits(3, null)))]));
    }

    [Fact]
    public void GlobalImportsMatchTypeAndMutability()
    {
        var compiled = Compile("""(module (import "m" "g" (global (mut i32))) (global (export "copy") i64 (i64.const 0)))""");
        Assert.Throws<LinkException>(() => compiled.Instantiate([new GlobalInstance(new GlobalType(ValType.I32, false), I32(1))]));
        compiled.Instantiate([new GlobalInstance(new GlobalType(ValType.I32, true), I32(1))]);
    }

    [Fact]
    public void GlobalsInitialiseFromImportedGlobalsAndAreShared()
    {
        var initial = new GlobalInstance(new GlobalType(ValType.I32, false), I32(40));
        var imported = new GlobalInstance(new GlobalType(ValType.I32, true), I32(40));
        var m = Instantiate("""
            (module (import "m" "init" (global $i i32)) (import "m" "g" (global $g (mut i32)))
              (global $init i32 (global.get $i))
              (func (export "bump") (result i32)
                (global.set $g (i32.add (global.get $g) (i32.const 2)))
                (i32.add (global.get $g) (global.get $init))))
            """, initial, imported);
        Assert.Equal(82, m.CallI32("bump"));
        Assert.Equal(42, imported.Value.AsInt32);
    }

    [Fact]
    public void SegmentTrapLeavesEarlierSegmentsAppliedAndSkipsStart()
    {
        var memory = new LinearMemory(new MemoryType(new Limits(1, null)));
        var table = new TableInstance(new TableType(ValType.FuncRef, new Limits(2, null)));
        var started = false;
        var start = HostFunctionOf([], [], (_, _) => started = true);
        var compiled = Compile("""
            (module
              (import "m" "mem" (memory 1)) (import "m" "tab" (table 2 funcref)) (import "m" "start" (func $start))
              (func $f)
              (elem (i32.const 0) $f)
              (data (i32.const 0) "\01")
              (data (i32.const 65535) "\02\03")
              (start $start))
            """);
        var trap = Assert.Throws<TrapException>(() => compiled.Instantiate([memory, table, start]));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.NotNull(table.Elements[0]);
        Assert.Equal(1, memory.GetSpan(0, 1)[0]);
        Assert.False(started);
    }

    [Fact]
    public void ElementSegmentOutOfBoundsTrapsBeforeDataIsWritten()
    {
        var memory = new LinearMemory(new MemoryType(new Limits(1, null)));
        var compiled = Compile("""
            (module (import "m" "mem" (memory 1)) (table 1 funcref) (func $f)
              (elem (i32.const 1) $f)
              (data (i32.const 0) "\01"))
            """);
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => compiled.Instantiate([memory])).Code);
        Assert.Equal(0, memory.GetSpan(0, 1)[0]);
    }

    [Fact]
    public void StartFunctionRunsAfterSegments()
    {
        var m = Instantiate("""
            (module (memory 1) (data (i32.const 0) "\05")
              (global $g (mut i32) (i32.const 0))
              (func $start (global.set $g (i32.load8_u (i32.const 0))))
              (func (export "g") (result i32) (global.get $g))
              (start $start))
            """);
        Assert.Equal(5, m.CallI32("g"));
    }

    [Fact]
    public void AFunctionHasOneIdentityAcrossExportsTablesAndRefFunc()
    {
        var m = Instantiate("""
            (module (table (export "t") 1 funcref) (elem (i32.const 0) $f)
              (func $f (export "a") (export "b"))
              (func (export "ref") (result funcref) (ref.func $f)))
            """);
        var a = m.Exports["a"];
        Assert.Same(a, m.Exports["b"]);
        Assert.Same(a, ((TableInstance)m.Exports["t"]).Elements[0]);
        Assert.Same(a, m.Call("ref")[0].Reference);
    }

    [Fact]
    public void PassiveSegmentsInitAndDrop()
    {
        var m = Instantiate("""
            (module (memory 1) (data $d "\aa\bb")
              (func (export "init") (param i32) (memory.init $d (local.get 0) (i32.const 0) (i32.const 2)))
              (func (export "drop") (data.drop $d))
              (func (export "load") (param i32) (result i32) (i32.load16_u (local.get 0))))
            """);
        m.Call("init", I32(10));
        Assert.Equal(0xBBAA, m.CallI32("load", I32(10)));
        m.Call("drop");
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("init", I32(10)).Code);
    }

    [Fact]
    public void OneCompiledModuleInstantiatesConcurrentlyWithSeparateState()
    {
        var compiled = Compile("""
            (module (memory 1) (global $n (mut i32) (i32.const 0))
              (func (export "count") (param i32) (result i32)
                (block $done (loop $next
                  (br_if $done (i32.eqz (local.get 0)))
                  (global.set $n (i32.add (global.get $n) (i32.const 1)))
                  (i32.store (i32.const 0) (global.get $n))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br $next)))
                (i32.load (i32.const 0))))
            """);
        var results = new int[8];
        Parallel.For(0, results.Length, i => results[i] = compiled.Instantiate([]).CallI32("count", I32(1000 + i)));
        Assert.Equal(Enumerable.Range(1000, results.Length), results);
    }
}
