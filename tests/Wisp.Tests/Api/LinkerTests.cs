using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class LinkerTests
{
    private readonly Engine _engine = new();

    [Fact]
    public void AMissingImportIsUnknown()
    {
        var module = Module.FromText(_engine, "m", """(module (import "env" "f" (func)))""");

        var e = Assert.Throws<LinkException>(() => new Linker(_engine).Instantiate(new Store(_engine), module));

        Assert.Contains("unknown import", e.Reason);
        Assert.Contains("env.f", e.Reason);
    }

    [Fact]
    public void AnImportOfTheWrongKindIsIncompatible()
    {
        var linker = new Linker(_engine);
        linker.Define("env", "f", new Global(Value.FromInt32(1), mutable: false));
        var module = Module.FromText(_engine, "m", """(module (import "env" "f" (func)))""");

        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(_engine), module));

        Assert.Contains("incompatible import type", e.Reason);
    }

    [Fact]
    public void AnImportOfTheWrongSignatureIsIncompatible()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "f", (int x) => x);
        var module = Module.FromText(_engine, "m", """(module (import "env" "f" (func (param i64) (result i64))))""");

        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(_engine), module));

        Assert.Contains("incompatible import type", e.Reason);
    }

    [Fact]
    public void InstancesExportsCanBeImportedByOtherModules()
    {
        var linker = new Linker(_engine);
        var store = new Store(_engine);
        var provider = linker.Instantiate(store, Module.FromText(_engine, "provider", """
            (module (func (export "five") (result i32) (i32.const 5)) (memory (export "mem") 1))
            """));
        linker.DefineInstance(store, "provider", provider);
        var consumer = linker.Instantiate(store, Module.FromText(_engine, "consumer", """
            (module
              (import "provider" "five" (func $five (result i32)))
              (import "provider" "mem" (memory 1))
              (func (export "ten") (result i32) (i32.add (call $five) (call $five))))
            """));

        Assert.Equal(10, consumer.GetFunction("ten")!.WrapFunc<int>()());
        Assert.Same(provider.GetMemory("mem")!.Runtime, ((Memory)linker.Get("provider", "mem")!).Runtime);
        Assert.Throws<ArgumentException>(() => linker.DefineInstance(new Store(_engine), "again", provider));
    }

    [Fact]
    public void RedefiningANameNeedsShadowingAllowed()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "f", () => 1);

        Assert.Throws<InvalidOperationException>(() => linker.DefineFunction("env", "f", () => 2));
        linker.AllowShadowing = true;
        linker.DefineFunction("env", "f", () => 3);
        Assert.Equal(3, ((Function)linker.Get("env", "f")!).WrapFunc<int>()());
    }
}
