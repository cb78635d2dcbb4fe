using Wisp.Diagnostics;
using Wisp.Model;

namespace Wisp.Tests.Api;

public class ModuleTests
{
    // () -> i32 with an empty body: well formed, but invalid (the body leaves nothing on the stack).
    private static readonly byte[] InvalidBinary =
    [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F,
        0x03, 0x02, 0x01, 0x00,
        0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
    ];

    private readonly Engine _engine = new();

    [Fact]
    public void DescribesImportsAndExports()
    {
        var module = Module.FromText(_engine, "m", """
            (module
              (import "env" "log" (func (param i32)))
              (import "env" "mem" (memory 1 2))
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (global (export "g") (mut i64) (i64.const 7))
              (table (export "t") 3 funcref))
            """);

        Assert.Collection(module.Imports,
            i => Assert.Equal(("env", "log", ExternalKind.Function, "func [i32] -> []"), (i.ModuleName, i.Name, i.Kind, i.TypeText)),
            i => Assert.Equal(("env", "mem", ExternalKind.Memory, "memory 1 2"), (i.ModuleName, i.Name, i.Kind, i.TypeText)));
        Assert.Collection(module.Exports,
            e => Assert.Equal(("add", "func [i32 i32] -> [i32]"), (e.Name, e.TypeText)),
            e => Assert.Equal(("g", "global (mut i64)"), (e.Name, e.TypeText)),
            e => Assert.Equal(("t", "table 3 funcref"), (e.Name, e.TypeText)));
    }

    [Fact]
    public void BadMagicIsMalformed()
    {
        var e = Assert.Throws<MalformedModuleException>(() => Module.FromBytes(_engine, "bad", new byte[] { 0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0 }));
        Assert.Contains("magic", e.Reason);
    }

    [Fact]
    public void TypeErrorIsInvalid()
    {
        var e = Assert.Throws<InvalidModuleException>(() => Module.FromBytes(_engine, "bad", InvalidBinary));
        Assert.Contains("type mismatch", e.Reason);
    }

    [Fact]
    public void SyntaxErrorIsATextFormatError()
    {
        Assert.Throws<TextFormatException>(() => Module.FromText(_engine, "bad", "(module (func (i32.bogus)))"));
    }

    [Fact]
    public void FromFileLoadsBinaryAndText()
    {
        var directory = Directory.CreateTempSubdirectory("wisp-module-");
        try
        {
            var text = Path.Combine(directory.FullName, "m.wat");
            File.WriteAllText(text, """(module (func (export "one") (result i32) (i32.const 1)))""");
            var binary = Path.Combine(directory.FullName, "m.wasm");
            File.WriteAllBytes(binary, [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);

            var fromText = Module.FromFile(_engine, text);
            var fromBinary = Module.FromFile(_engine, binary);

            Assert.Equal("m.wat", fromText.Name);
            Assert.Single(fromText.Exports);
            Assert.Empty(fromBinary.Exports);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ACompiledModuleInstantiatesInManyStores()
    {
        var module = Module.FromText(_engine, "counter", """
            (module
              (global $n (mut i32) (i32.const 0))
              (func (export "next") (result i32)
                (global.set $n (i32.add (global.get $n) (i32.const 1)))
                (global.get $n)))
            """);
        var linker = new Linker(_engine);
        using var first = new Store(_engine);
        using var second = new Store(_engine);
        var a = linker.Instantiate(first, module).GetFunction("next")!.WrapFunc<int>();
        var b = linker.Instantiate(second, module).GetFunction("next")!.WrapFunc<int>();

        Assert.Equal(1, a());
        Assert.Equal(2, a());
        Assert.Equal(1, b());
        Assert.Single(first.Instances);
    }
}
