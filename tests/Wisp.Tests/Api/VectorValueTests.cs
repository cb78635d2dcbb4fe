using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Api;

/// <summary>v128 values crossing every boundary the public API has: parameters, results (also multi-value), globals and host functions.</summary>
public class VectorValueTests
{
    private readonly Engine _engine = new();

    [Fact]
    public void VectorsPassThroughParametersResultsAndAHostFunction()
    {
        Value[]? seen = null;
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "swap", new FunctionType([ValType.V128], [ValType.V128]), (arguments, results) =>
        {
            seen = arguments.ToArray();
            results[0] = Value.FromV128(arguments[0].High, arguments[0].Bits);
        });
        var instance = linker.Instantiate(new Store(_engine), Module.FromText(_engine, "test", """
            (module
              (import "env" "swap" (func $swap (param v128) (result v128)))
              (func (export "run") (param v128 v128) (result v128 v128)
                (call $swap (i32x4.add (local.get 0) (local.get 1)))
                (local.get 0)))
            """));

        var results = instance.GetFunction("run")!.Invoke(Value.FromV128(0x0000_0002_0000_0001, 0x0000_0004_0000_0003), Value.FromV128(10, 20));

        Assert.Equal(Value.FromV128(0x0000_0002_0000_000B, 0x0000_0004_0000_0017), seen![0]);
        Assert.Equal(Value.FromV128(0x0000_0004_0000_0017, 0x0000_0002_0000_000B), results[0]);
        Assert.Equal(Value.FromV128(0x0000_0002_0000_0001, 0x0000_0004_0000_0003), results[1]);
    }

    [Fact]
    public void MutableVectorGlobalsAreReadAndWrittenByCompiledCode()
    {
        var instance = new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "test", """
            (module
              (global $g (export "g") (mut v128) (v128.const i64x2 1 2))
              (func (export "bump")
                (global.set $g (i64x2.add (global.get $g) (v128.const i64x2 100 200)))))
            """));

        instance.GetFunction("bump")!.Invoke();

        Assert.Equal(Value.FromV128(101, 202), instance.GetGlobal("g")!.Value);
    }
}
