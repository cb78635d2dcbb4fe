using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class TableOperationsTests
{
    private static readonly FunctionType VoidToVoid = new([], []);

    private static TableInstance Table(uint size) => new(new TableType(ValType.FuncRef, new Limits(size, null)));

    [Fact]
    public void ResolveIndirectComparesCanonicalTypeIds()
    {
        var table = Table(2);
        var function = new HostFunction(new FunctionType([], []), (_, _) => { });
        table.Elements[0] = function;
        Assert.Same(function, TableOperations.ResolveIndirect(0, table, FunctionTypeIds.Of(VoidToVoid)));
        var mismatch = Assert.Throws<TrapException>(() => TableOperations.ResolveIndirect(0, table, FunctionTypeIds.Of(new FunctionType([ValType.I32], []))));
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, mismatch.Code);
        Assert.Equal(TrapCode.UninitializedElement, Assert.Throws<TrapException>(() => TableOperations.ResolveIndirect(1, table, 0)).Code);
        Assert.Equal(TrapCode.UndefinedElement, Assert.Throws<TrapException>(() => TableOperations.ResolveIndirect(2, table, 0)).Code);
    }

    [Fact]
    public void EqualTypesFromDifferentModulesShareAnId()
    {
        Assert.Equal(FunctionTypeIds.Of(new FunctionType([ValType.F64], [ValType.I32])), FunctionTypeIds.Of(new FunctionType([ValType.F64], [ValType.I32])));
        Assert.NotEqual(FunctionTypeIds.Of(new FunctionType([ValType.F64], [ValType.I32])), FunctionTypeIds.Of(new FunctionType([ValType.I32], [ValType.F64])));
    }

    [Fact]
    public void BulkOperationsCheckTheWholeRangeFirst()
    {
        var table = Table(4);
        var marker = new object();
        Assert.Throws<TrapException>(() => TableOperations.Fill(2, marker, 3, table));
        Assert.All(table.Elements, Assert.Null);
        TableOperations.Fill(1, marker, 2, table);
        TableOperations.Copy(2, 1, 2, table, table);
        Assert.Equal([null, marker, marker, marker], table.Elements);
        Assert.Throws<TrapException>(() => TableOperations.Copy(3, 0, 2, table, table));
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<TrapException>(() => TableOperations.Get(4, table)).Code);
    }

    [Fact]
    public void GrowReturnsOldSizeOrMinusOne()
    {
        var table = new TableInstance(new TableType(ValType.ExternRef, new Limits(1, 2)));
        Assert.Equal(1, TableOperations.Grow("x", 1, table));
        Assert.Equal("x", table.Elements[1]);
        Assert.Equal(-1, TableOperations.Grow(null, 1, table));
        Assert.Equal(2, TableOperations.Size(table));
    }
}
