using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class FunctionTypeIdsTests
{
    private static FunctionType Type(ValType[] parameters, ValType[] results) => new(parameters, results);

    [Fact]
    public void SmallTypesGetTheSameStructuralIdEverywhere()
    {
        var a = Type([ValType.I32, ValType.I64], [ValType.F64]);
        var b = Type([ValType.I32, ValType.I64], [ValType.F64]);
        Assert.Equal(FunctionTypeIds.Structural(a), FunctionTypeIds.Structural(b));
        Assert.Equal(FunctionTypeIds.Structural(a), FunctionTypeIds.Of(b));
    }

    [Fact]
    public void EverySmallTypeHasItsOwnId()
    {
        var values = new[] { ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128, ValType.FuncRef, ValType.ExternRef };
        var ids = new HashSet<int>();
        var count = 0;

        // Every type of up to two parameters and one result, and shapes that differ only in where the split is.
        foreach (var p0 in values.Prepend(default).Distinct())
        {
            foreach (var p1 in values.Prepend(default).Distinct())
            {
                foreach (var r in values.Prepend(default).Distinct())
                {
                    var parameters = new[] { p0, p1 }.Where(v => v != default).ToArray();
                    if (p0 == default && p1 != default) continue;
                    var results = r == default ? Array.Empty<ValType>() : [r];
                    Assert.True(ids.Add(FunctionTypeIds.Structural(Type(parameters, results))!.Value));
                    count++;
                }
            }
        }

        Assert.True(ids.Add(FunctionTypeIds.Structural(Type([], [ValType.I32, ValType.I32]))!.Value));
        Assert.Equal(count + 1, ids.Count);
    }

    [Fact]
    public void LargeTypesAreInternedAndNeverMistakenForSmallOnes()
    {
        var wide = Enumerable.Repeat(ValType.I32, 9).ToArray();
        Assert.Null(FunctionTypeIds.Structural(Type(wide, [])));
        var id = FunctionTypeIds.Of(Type(wide, []));
        Assert.Equal(id, FunctionTypeIds.Of(Type([.. wide], [])));
        Assert.NotEqual(id, FunctionTypeIds.Of(Type(wide, [ValType.I32])));
        Assert.Equal(0, id & (1 << 30));
        Assert.NotEqual(0, FunctionTypeIds.Of(Type([], [])) & (1 << 30));
    }

    [Fact]
    public void CallIndirectWithAStructuralIdStillChecksTheSignature()
    {
        var instance = Wisp.Tests.Compilation.CompiledWat.Instantiate("""
            (module (table 2 funcref) (elem (i32.const 0) $i $f)
              (type $ii (func (param i32) (result i32)))
              (func $i (param i32) (result i32) (local.get 0))
              (func $f (param f32) (result i32) (i32.const 0))
              (func (export "call") (param i32) (result i32) (call_indirect (type $ii) (i32.const 3) (local.get 0))))
            """);
        Assert.Equal(3, Wisp.Tests.Compilation.CompiledWat.CallI32(instance, "call", Value.FromInt32(0)));
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, Wisp.Tests.Compilation.CompiledWat.Trap(instance, "call", Value.FromInt32(1)).Code);
    }
}
