using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class CallerTests
{
    private static readonly FunctionType Void = new([], []);
    private static readonly FunctionType I32ToI32 = new([ValType.I32], [ValType.I32]);

    private readonly Engine _engine = new();

    [Fact]
    public void AHostFunctionReadsTheCallingInstancesMemory()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "peek", I32ToI32, (caller, arguments, results) =>
        {
            var memory = caller.GetMemory("memory")!;
            Assert.Equal(memory.Runtime, caller.Memory!.Runtime);
            results[0] = Value.FromInt32(memory.ReadByte((ulong)arguments[0].AsInt32));
        });
        var module = Module.FromText(_engine, "test", """
            (module
              (import "env" "peek" (func $peek (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "run") (param i32) (result i32)
                (i32.store8 (i32.const 10) (local.get 0))
                (call $peek (i32.const 10))))
            """);
        var pre = linker.InstantiatePre(module);
        using var store = new Store(_engine);
        var first = pre.Instantiate(store);
        var second = pre.Instantiate(store);

        Assert.Equal(3, first.GetFunction("run")!.Invoke<int>(Value.FromInt32(3)));
        Assert.Equal(4, second.GetFunction("run")!.Invoke<int>(Value.FromInt32(4)));
    }

    [Fact]
    public void OneDefinitionServesManyStoresAndSeesEachCallersStore()
    {
        var calls = new Dictionary<Store, int>();
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "count", Void, (caller, _, _) =>
        {
            var store = caller.Store!;
            calls[store] = calls.GetValueOrDefault(store) + 1;
        });
        var pre = linker.InstantiatePre(Module.FromText(_engine, "test", """
            (module
              (import "env" "count" (func $count))
              (func (export "run") (call $count)))
            """));
        using var a = new Store(_engine);
        using var b = new Store(_engine);

        pre.Instantiate(a).GetFunction("run")!.Invoke();
        pre.Instantiate(b).GetFunction("run")!.Invoke();
        pre.Instantiate(b).GetFunction("run")!.Invoke();

        Assert.Equal(1, calls[a]);
        Assert.Equal(2, calls[b]);
    }

    [Fact]
    public void CallsThroughATableAndFromAStartFunctionSeeTheirCaller()
    {
        var seen = new List<string>();
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "note", Void, (caller, _, _) =>
            seen.Add(caller.GetGlobal("tag") is { } tag ? $"tag {tag.Value.AsInt32}" : "no tag"));
        var instance = linker.Instantiate(new Store(_engine), Module.FromText(_engine, "test", """
            (module
              (import "env" "note" (func $note))
              (global (export "tag") i32 (i32.const 7))
              (table 1 funcref)
              (elem (i32.const 0) $note)
              (func (export "indirect") (call_indirect (i32.const 0)))
              (start $note))
            """));

        instance.GetFunction("indirect")!.Invoke();

        Assert.Equal(["tag 7", "tag 7"], seen);
    }

    [Fact]
    public void ACallFromTheHostHasNoInstance()
    {
        Caller? seen = null;
        var function = Function.FromCallback(Void, (caller, _, _) => seen = caller);

        function.Invoke();

        Assert.False(seen!.Value.HasInstance);
        Assert.Null(seen.Value.Store);
        Assert.Null(seen.Value.Memory);
        Assert.Null(seen.Value.GetExport("memory"));
    }

    [Fact]
    public void AnExceptionInACallerAwareFunctionIsAHostErrorTrap()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "fail", Void, (_, _, _) => throw new InvalidOperationException("no"));
        var instance = linker.Instantiate(new Store(_engine), Module.FromText(_engine, "test", """
            (module
              (import "env" "fail" (func $fail))
              (func (export "run") (call $fail)))
            """));

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());

        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.Contains("no", trap.Message);
    }
}
