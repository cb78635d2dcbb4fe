using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class GlobalAndTableTests
{
    private readonly Engine _engine = new();

    [Fact]
    public void HostAndGuestShareAMutableGlobal()
    {
        var instance = new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "m", """
            (module
              (global $g (export "g") (mut i32) (i32.const 1))
              (global (export "c") f64 (f64.const 2.5))
              (func (export "double") (global.set $g (i32.mul (global.get $g) (i32.const 2)))))
            """));
        var g = instance.GetGlobal("g")!;

        g.Value = Value.FromInt32(21);
        instance.GetFunction("double")!.Invoke();

        Assert.Equal(42, g.Value.AsInt32);
        Assert.True(g.Mutable);
        var constant = instance.GetGlobal("c")!;
        Assert.Equal(2.5, constant.Value.AsDouble);
        Assert.Throws<InvalidOperationException>(() => constant.Value = Value.FromDouble(1));
        Assert.Throws<ArgumentException>(() => g.Value = Value.FromInt64(1));
    }

    [Fact]
    public void AHostGlobalCanBeImported()
    {
        var linker = new Linker(_engine);
        linker.Define("env", "base", new Global(Value.FromInt64(100), mutable: false));
        var instance = linker.Instantiate(new Store(_engine), Module.FromText(_engine, "m", """
            (module
              (import "env" "base" (global $base i64))
              (func (export "at") (param i64) (result i64) (i64.add (global.get $base) (local.get 0))))
            """));

        Assert.Equal(105L, instance.GetFunction("at")!.WrapFunc<long, long>()(5));
    }

    [Fact]
    public void ExportedTablesHoldCallableFunctions()
    {
        var instance = new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "m", """
            (module
              (table (export "t") 2 funcref)
              (func $seven (result i32) (i32.const 7))
              (elem (i32.const 1) $seven))
            """));
        var table = instance.GetTable("t")!;

        Assert.Equal(2u, table.Size);
        Assert.True(table.Get(0).IsNull);
        var seven = new Function((FunctionInstance)table.Get(1).Reference!);
        Assert.Equal(7, seven.WrapFunc<int>()());
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => table.Get(2)).Code);
    }

    [Fact]
    public void HostTablesGrowAndHoldReferences()
    {
        var table = new Table(ValType.ExternRef, 1, 4);
        var item = new object();

        table.Set(0, Value.FromExtern(item));
        Assert.Equal(1u, table.Grow(2, Value.FromExtern("x")));

        Assert.Same(item, table.Get(0).Reference);
        Assert.Equal("x", table.Get(2).Reference);
        Assert.Equal(3u, table.Size);
        Assert.Throws<InvalidOperationException>(() => table.Grow(2));
        Assert.Throws<ArgumentException>(() => table.Set(0, Value.FromInt32(1)));
        Assert.Throws<ArgumentException>(() => new Table(ValType.I32, 1));
    }

    [Fact]
    public void GuestCodeCallsThroughAnImportedHostTable()
    {
        var table = new Table(ValType.FuncRef, 2);
        table.Set(1, Value.FromFunction(Function.FromCallback(new FunctionType([], [ValType.I32]), (_, r) => r[0] = Value.FromInt32(99)).Runtime));
        var linker = new Linker(_engine);
        linker.Define("env", "table", table);
        var instance = linker.Instantiate(new Store(_engine), Module.FromText(_engine, "m", """
            (module
              (import "env" "table" (table 2 funcref))
              (type $r (func (result i32)))
              (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))
            """));
        var call = instance.GetFunction("call")!.WrapFunc<int, int>();

        Assert.Equal(99, call(1));
        Assert.Contains("uninitialized element", Assert.Throws<TrapException>(() => call(0)).Message);
    }
}
