using Wisp.Compilation;
using Wisp.Model;
using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class MemoryGrowthTests
{
    private static MemoryGrowth Analyze(string wat)
    {
        var module = Validated(wat);
        return MemoryGrowth.Analyze(module);
    }

    [Fact]
    public void GrowingSpreadsToCallersOnly()
    {
        var growth = Analyze("""
            (module (memory 1)
              (func $grows (drop (memory.grow (i32.const 1))))
              (func $caller (call $grows))
              (func $callersCaller (call $caller))
              (func $leaf (drop (i32.load (i32.const 0))))
              (func $callsLeaf (call $leaf)))
            """);
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(i => growth.CallMayGrow((uint)i)));
        Assert.False(growth.IndirectCallsMayGrow);
    }

    [Fact]
    public void ImportsMayGrowAndSoDoTheirCallers()
    {
        var growth = Analyze("""
            (module (import "env" "f" (func $f)) (memory 1)
              (func $calls (call $f))
              (func $pure (result i32) (i32.const 1)))
            """);
        Assert.True(growth.CallMayGrow(0));
        Assert.True(growth.CallMayGrow(1));
        Assert.False(growth.CallMayGrow(2));
    }

    [Fact]
    public void IndirectCallsReachOnlyTheFunctionsTheModuleReferences()
    {
        // $grows is exported, but nothing puts it in a table.
        var growth = Analyze("""
            (module (memory 1) (table 2 funcref)
              (elem (i32.const 0) $a $b)
              (func $a)
              (func $b (result i32) (i32.const 2))
              (func $grows (export "grows") (drop (memory.grow (i32.const 1))))
              (func $dispatch (call_indirect (i32.const 0))))
            """);
        Assert.False(growth.IndirectCallsMayGrow);
        Assert.False(growth.CallMayGrow(3));
    }

    [Theory]
    [InlineData("(elem (i32.const 0) $a $grows)")]
    [InlineData("(elem declare func $grows) (func (drop (ref.func $grows)))")]
    [InlineData("(global funcref (ref.func $grows))")]
    [InlineData("(elem (i32.const 0) $a $callsImport)")]
    public void AReferencedFunctionThatGrowsMakesIndirectCallsGrow(string references)
    {
        var growth = Analyze($"""
            (module (import "env" "f" (func $f)) (memory 1) (table 2 funcref)
              (func $a)
              (func $grows (drop (memory.grow (i32.const 1))))
              (func $callsImport (call $f))
              (func $dispatch (call_indirect (i32.const 0)))
              {references})
            """);
        Assert.True(growth.IndirectCallsMayGrow);
        Assert.True(growth.CallMayGrow(4));
    }

    [Theory]
    [InlineData("(table (export \"t\") 2 funcref)")]
    [InlineData("(import \"env\" \"t\" (table 2 funcref))")]
    [InlineData("(import \"env\" \"g\" (global funcref)) (table 2 funcref)")]
    [InlineData("(import \"env\" \"h\" (func (result funcref))) (table 2 funcref)")]
    [InlineData("(table 2 funcref) (func (export \"put\") (param funcref))")]
    [InlineData("(table 2 funcref) (global (export \"g\") (mut funcref) (ref.null func))")]
    public void ReferencesFromOutsideMakeIndirectCallsGrow(string boundary)
    {
        var growth = Analyze($"""
            (module {boundary} (memory 1)
              (func $dispatch (call_indirect (i32.const 0))))
            """);
        Assert.True(growth.IndirectCallsMayGrow);
    }

    [Fact]
    public void AccessesAfterACallThatGrewMemoryReachTheNewPages()
    {
        // The callee grows memory by a page; the caller cached the length before the call and must see the new one.
        var instance = Instantiate("""
            (module (memory 1) (table 1 funcref) (elem (i32.const 0) $grow)
              (func $grow (drop (memory.grow (i32.const 1))))
              (func (export "direct") (result i32)
                (drop (i32.load (i32.const 0)))
                (call $grow)
                (i32.store (i32.const 70000) (i32.const 7))
                (i32.load (i32.const 70000)))
              (func (export "indirect") (result i32)
                (drop (i32.load (i32.const 0)))
                (call_indirect (i32.const 0))
                (i32.store (i32.const 140000) (i32.const 9))
                (i32.load (i32.const 140000))))
            """);
        Assert.Equal(7, instance.CallI32("direct"));
        Assert.Equal(9, instance.CallI32("indirect"));
    }

    [Fact]
    public void AccessesAfterAHostCallThatGrewMemoryReachTheNewPages()
    {
        LinearMemory? memory = null;
        var grow = HostFunctionOf([], [], (_, _) => memory!.Grow(1));
        var instance = Instantiate("""
            (module (import "env" "grow" (func $grow)) (memory (export "memory") 1)
              (func (export "run") (param i32) (result i32)
                (drop (i32.load (local.get 0)))
                (call $grow)
                (i32.store offset=65536 (local.get 0) (i32.const 5))
                (i32.load offset=65536 (local.get 0))))
            """, grow);
        memory = (LinearMemory)instance.Exports["memory"];
        Assert.Equal(5, instance.CallI32("run", I32(16)));
    }

    [Fact]
    public void ACallThatCannotGrowMemoryLeavesAccessesPastTheEndTrapping()
    {
        var instance = Instantiate("""
            (module (memory 1)
              (func $pure (result i32) (i32.const 65536))
              (func (export "run") (result i32)
                (drop (i32.load (i32.const 0)))
                (i32.load (call $pure))))
            """);
        Assert.Equal(TrapCode.MemoryOutOfBounds, instance.Trap("run").Code);
    }
}
