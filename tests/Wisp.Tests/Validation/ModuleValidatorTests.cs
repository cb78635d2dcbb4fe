using Wisp.Diagnostics;
using Wisp.Model;
using Wisp.Validation;
using static Wisp.Tests.Validation.TestModuleBuilder;

namespace Wisp.Tests.Validation;

public class ModuleValidatorTests
{
    [Fact]
    public void AcceptsAnEmptyModule() => new TestModuleBuilder().AssertValid();

    [Fact]
    public void MemoryLimitsAreAtMost65536Pages()
    {
        new TestModuleBuilder().Memory(65536).AssertValid();
        new TestModuleBuilder().Memory(65537).AssertInvalid("memory size must be at most 65536 pages (4GiB)");
        new TestModuleBuilder().Memory(0, 65537).AssertInvalid("memory size must be at most 65536 pages (4GiB)");
        new TestModuleBuilder().ImportMemory(70000).AssertInvalid("memory size must be at most 65536 pages (4GiB)");
    }

    [Fact]
    public void LimitsMinimumMustNotExceedMaximum()
    {
        new TestModuleBuilder().Memory(2, 1).AssertInvalid("size minimum must not be greater than maximum");
        new TestModuleBuilder().Table(ValType.FuncRef, 2, 1).AssertInvalid("size minimum must not be greater than maximum");
        new TestModuleBuilder().Table(ValType.FuncRef, uint.MaxValue, uint.MaxValue).AssertValid();
    }

    [Fact]
    public void AtMostOneMemory()
    {
        new TestModuleBuilder().Memory(1).Memory(1).AssertInvalid("multiple memories");
        new TestModuleBuilder().ImportMemory(1).Memory(1).AssertInvalid("multiple memories");
    }

    [Fact]
    public void ExportNamesAreUnique()
    {
        var exception = new TestModuleBuilder().Memory(1).Function([0x0B])
            .Export("a", ExternalKind.Function, 0).Export("a", ExternalKind.Memory, 0).AssertInvalid("duplicate export name");
        Assert.Contains("export \"a\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportsMustNameExistingEntities()
    {
        new TestModuleBuilder().Export("t", ExternalKind.Table, 0).AssertInvalid("unknown table 0");
        new TestModuleBuilder().Export("g", ExternalKind.Global, 1).AssertInvalid("unknown global 1");
    }

    [Fact]
    public void StartFunctionTakesAndReturnsNothing()
    {
        new TestModuleBuilder().Function([0x0B]).Start(0).AssertValid();
        new TestModuleBuilder().Function(Signature([], [ValType.I32]), [0x41, 0x00, 0x0B]).Start(0).AssertInvalid("start function");
        new TestModuleBuilder().Start(0).AssertInvalid("unknown function 0");
    }

    [Fact]
    public void FunctionTypeIndicesMustExist()
    {
        var builder = new TestModuleBuilder().Function([0x0B]);
        var module = builder.Build();
        var broken = new ModuleDefinition
        {
            Types = [],
            Imports = module.Imports,
            FunctionTypeIndices = [3],
            Tables = [],
            Memories = [],
            Globals = [],
            Exports = [],
            Elements = [],
            Bodies = module.Bodies,
            Data = [],
            CustomSections = [],
        };
        var exception = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(broken));
        Assert.Contains("unknown type 3", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobalInitialisersAreConstantAndOfTheGlobalType()
    {
        new TestModuleBuilder().Global(ValType.I64, false, 0x42, 0x05, 0x0B).AssertValid();
        new TestModuleBuilder().Global(ValType.I64, false, 0x41, 0x05, 0x0B).AssertInvalid("type mismatch");
        new TestModuleBuilder().Global(ValType.I32, false, 0x0B).AssertInvalid("type mismatch");
        new TestModuleBuilder().Global(ValType.I32, false, 0x41, 0x00, 0x41, 0x00, 0x0B).AssertInvalid("type mismatch");
        new TestModuleBuilder().Global(ValType.I32, false, 0x41, 0x00, 0x68, 0x0B).AssertInvalid("constant expression required"); // i32.ctz
        new TestModuleBuilder().Global(ValType.I32, false, 0x41, 0x00, 0x01, 0x0B).AssertInvalid("constant expression required"); // nop
        new TestModuleBuilder().Global(ValType.ExternRef, false, 0xD0, 0x6F, 0x0B).AssertValid();
    }

    [Fact]
    public void ConstantGlobalGetReadsOnlyImportedImmutableGlobals()
    {
        new TestModuleBuilder().ImportGlobal(ValType.I32, false).Global(ValType.I32, false, 0x23, 0x00, 0x0B).AssertValid();
        new TestModuleBuilder().ImportGlobal(ValType.I32, true).Global(ValType.I32, false, 0x23, 0x00, 0x0B)
            .AssertInvalid("constant expression required");

        // Wasm 2.0: a defined global is not visible to constant expressions, even an earlier one.
        new TestModuleBuilder().Global(ValType.I32, false, 0x41, 0x00, 0x0B).Global(ValType.I32, false, 0x23, 0x00, 0x0B)
            .AssertInvalid("unknown global 0");
    }

    [Fact]
    public void ConstantRefFuncMustNameAFunction() =>
        new TestModuleBuilder().ImportFunction(FunctionType.Empty).Global(ValType.FuncRef, false, 0xD2, 0x07, 0x0B).AssertInvalid("unknown function 7");

    [Fact]
    public void ActiveElementSegmentsMatchTheirTable()
    {
        ConstantExpression[] items = [Expression(0xD2, 0x00, 0x0B)];
        var offset = Expression(0x41, 0x00, 0x0B);
        new TestModuleBuilder().Table(ValType.FuncRef, 1).Function([0x0B])
            .Element(new ElementSegment(ValType.FuncRef, items, SegmentMode.Active, 0, offset)).AssertValid();
        new TestModuleBuilder().Table(ValType.ExternRef, 1).Function([0x0B])
            .Element(new ElementSegment(ValType.FuncRef, items, SegmentMode.Active, 0, offset)).AssertInvalid("type mismatch");
        new TestModuleBuilder().Function([0x0B])
            .Element(new ElementSegment(ValType.FuncRef, items, SegmentMode.Active, 0, offset)).AssertInvalid("unknown table 0");
        new TestModuleBuilder().Table(ValType.FuncRef, 1).Function([0x0B])
            .Element(new ElementSegment(ValType.FuncRef, items, SegmentMode.Active, 0, Expression(0x42, 0x00, 0x0B))).AssertInvalid("type mismatch");
        new TestModuleBuilder().Table(ValType.FuncRef, 1)
            .Element(new ElementSegment(ValType.FuncRef, [Expression(0xD0, 0x6F, 0x0B)], SegmentMode.Passive, 0, null)).AssertInvalid("type mismatch");
    }

    [Fact]
    public void ActiveDataSegmentsNeedAMemoryAndAnI32Offset()
    {
        var segment = new DataSegment(new byte[] { 1 }, SegmentMode.Active, 0, Expression(0x41, 0x00, 0x0B));
        new TestModuleBuilder().Memory(1).Data(segment).AssertValid();
        new TestModuleBuilder().Data(segment).AssertInvalid("unknown memory 0");
        new TestModuleBuilder().Memory(1).Data(new DataSegment(new byte[] { 1 }, SegmentMode.Active, 1, Expression(0x41, 0x00, 0x0B)))
            .AssertInvalid("unknown memory 1");
        new TestModuleBuilder().Memory(1).Data(new DataSegment(new byte[] { 1 }, SegmentMode.Active, 0, Expression(0x43, 0, 0, 0, 0, 0x0B)))
            .AssertInvalid("type mismatch");
    }

    [Fact]
    public void DataCountMustMatchTheDataSection() =>
        new TestModuleBuilder().Memory(1).PassiveData(2).DataCount(1).AssertMalformed("data count and data section have inconsistent lengths");
}
