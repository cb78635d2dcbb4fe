using Wisp.Diagnostics;
using Wisp.Model;
using static Wisp.Tests.Validation.TestModuleBuilder;

namespace Wisp.Tests.Validation;

// Bodies are raw instruction bytes; comments give the text form.
public class FunctionValidatorTests
{
    private static readonly FunctionType ToI32 = Signature([], [ValType.I32]);
    private static readonly FunctionType I32ToI32 = Signature([ValType.I32], [ValType.I32]);

    private static TestModuleBuilder One(FunctionType type, params byte[] code) => new TestModuleBuilder().Function(type, code);

    [Fact]
    public void AcceptsArithmeticOnMatchingTypes() =>
        One(ToI32, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B).AssertValid(); // i32.const 1 i32.const 2 i32.add

    [Fact]
    public void RejectsOperandOfWrongType() =>
        One(ToI32, 0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B).AssertInvalid("type mismatch"); // i32.const i64.const i32.add

    [Fact]
    public void RejectsPoppingPastTheFrame() =>
        One(ToI32, 0x41, 0x01, 0x02, 0x7F, 0x6A, 0x0B, 0x0B).AssertInvalid("type mismatch"); // i32.const block (result i32) i32.add end

    [Fact]
    public void RejectsLeftoverValuesAtEnd() =>
        One(FunctionType.Empty, 0x41, 0x01, 0x0B).AssertInvalid("type mismatch");

    [Fact]
    public void ReportsTheOffendingInstructionOffset()
    {
        var exception = One(ToI32, 0x41, 0x01, 0x42, 0x02, 0x6A, 0x0B).AssertInvalid("type mismatch");
        Assert.Equal(4, exception.Offset); // the i32.add
    }

    [Fact]
    public void NamesTheFunctionInTheMessage()
    {
        var exception = new TestModuleBuilder().ImportFunction(FunctionType.Empty).Function([0x41, 0x00, 0x0B]).AssertInvalid("type mismatch");
        Assert.Contains("(function 1)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableCodeHasAPolymorphicStack() =>
        One(ToI32, 0x00, 0x6A, 0x0B).AssertValid(); // unreachable i32.add

    [Fact]
    public void UnreachableCodeStillChecksKnownTypes() =>
        One(ToI32, 0x00, 0x42, 0x00, 0x6A, 0x0B).AssertInvalid("type mismatch"); // unreachable i64.const 0 i32.add

    [Fact]
    public void BlockParametersComeFromTheOperandStack()
    {
        var builder = new TestModuleBuilder();
        var blockType = builder.Type(I32ToI32);

        // i32.const 1 block (param i32) (result i32) i32.const 2 i32.add end
        builder.Function(ToI32, [0x41, 0x01, 0x02, (byte)blockType, 0x41, 0x02, 0x6A, 0x0B, 0x0B]).AssertValid();
    }

    [Fact]
    public void LoopLabelsTakeTheLoopParameters()
    {
        var builder = new TestModuleBuilder();
        var loopType = builder.Type(I32ToI32);

        // i32.const 1 loop (param i32) (result i32) br 0 end: the branch carries the i32 parameter back to the start
        builder.Function(ToI32, [0x41, 0x01, 0x03, (byte)loopType, 0x0C, 0x00, 0x0B, 0x0B]).AssertValid();
    }

    [Fact]
    public void UnknownBlockTypeIndexIsReported() =>
        One(FunctionType.Empty, 0x02, 0x05, 0x0B, 0x0B).AssertInvalid("unknown type 5");

    [Fact]
    public void IfWithoutElseMustHaveEqualParametersAndResults() =>
        One(ToI32, 0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x0B).AssertInvalid("type mismatch"); // if (result i32) i32.const 1 end

    [Fact]
    public void IfWithElseProducesItsResult() =>
        One(ToI32, 0x41, 0x01, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B).AssertValid();

    [Fact]
    public void ElseOutsideIfIsMalformed() =>
        One(FunctionType.Empty, 0x02, 0x40, 0x05, 0x0B, 0x0B).AssertMalformed("END opcode expected");

    [Fact]
    public void MissingFinalEndIsMalformed() =>
        One(FunctionType.Empty, 0x01).AssertMalformed("unexpected end of section or function");

    [Fact]
    public void BytesAfterTheFinalEndAreMalformed() =>
        One(FunctionType.Empty, 0x0B, 0x01).AssertMalformed("section size mismatch");

    [Fact]
    public void BranchToAnOuterLabelChecksItsArity() =>
        One(ToI32, 0x02, 0x40, 0x0C, 0x01, 0x0B, 0x41, 0x00, 0x0B).AssertInvalid("type mismatch"); // block br 1 (needs an i32) end

    [Fact]
    public void BranchToAMissingLabelIsUnknown() =>
        One(FunctionType.Empty, 0x0C, 0x01, 0x0B).AssertInvalid("unknown label");

    [Fact]
    public void BranchTableTargetsMustAgreeOnArity() =>
        // block (result i32) block i32.const 0 i32.const 0 br_table 0 1 end end: depth 0 takes nothing, depth 1 an i32
        One(ToI32, 0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B, 0x0B)
            .AssertInvalid("type mismatch");

    [Fact]
    public void BranchTableInUnreachableCodeChecksEachTargetAgainstTheSameOperands()
    {
        // block (result f32) block (result i64) unreachable br_table 0 1 end drop f32.const 0 end drop: same arity, different types; an
        // Unknown operand matches both, so this is valid (spec appendix algorithm).
        One(FunctionType.Empty, 0x02, 0x7D, 0x02, 0x7E, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x43, 0, 0, 0, 0, 0x0B, 0x1A, 0x0B).AssertValid();

        // With a known i64 operand, the f32 target does not match.
        One(FunctionType.Empty, 0x02, 0x7D, 0x02, 0x7E, 0x00, 0x42, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A, 0x43, 0, 0, 0, 0, 0x0B, 0x1A, 0x0B)
            .AssertInvalid("type mismatch");
    }

    [Fact]
    public void ReturnChecksTheFunctionResults() =>
        One(ToI32, 0x42, 0x00, 0x0F, 0x0B).AssertInvalid("type mismatch");

    [Fact]
    public void UntypedSelectRejectsReferences() =>
        One(FunctionType.Empty, 0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A, 0x0B).AssertInvalid("type mismatch");

    [Fact]
    public void TypedSelectAcceptsReferences() =>
        One(FunctionType.Empty, 0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1C, 0x01, 0x70, 0x1A, 0x0B).AssertValid();

    [Fact]
    public void LocalsAreParametersThenDeclaredRuns()
    {
        var type = Signature([ValType.I64], []);
        LocalGroup[] locals = [new(3, ValType.F32), new(2, ValType.I32)];
        new TestModuleBuilder().Function(type, [0x20, 0x00, 0x1A, 0x20, 0x03, 0x1A, 0x20, 0x05, 0x1A, 0x0B], locals).AssertValid();
        new TestModuleBuilder().Function(type, [0x20, 0x06, 0x1A, 0x0B], locals).AssertInvalid("unknown local 6");

        // local 3 is an f32: local.set of an i32 is a mismatch
        new TestModuleBuilder().Function(type, [0x41, 0x00, 0x21, 0x03, 0x0B], locals).AssertInvalid("type mismatch");
    }

    [Fact]
    public void HugeLocalCountsAreLookedUpWithoutExpandingThem()
    {
        LocalGroup[] locals = [new(2_000_000_000, ValType.I64), new(1, ValType.I32)];
        new TestModuleBuilder().Function(ToI32, [0x20, 0x80, 0xA8, 0xD6, 0xB9, 0x07, 0x0B], locals).AssertValid(); // local.get 2000000000
    }

    [Fact]
    public void TooManyLocalsAreMalformed()
    {
        LocalGroup[] locals = [new(uint.MaxValue, ValType.I64), new(1, ValType.I32)];
        new TestModuleBuilder().Function([0x0B], locals).AssertMalformed("too many locals");
    }

    [Fact]
    public void ImmutableGlobalsCannotBeSet()
    {
        new TestModuleBuilder().Global(ValType.I32, false, 0x41, 0x00, 0x0B)
            .Function([0x41, 0x01, 0x24, 0x00, 0x0B]).AssertInvalid("global is immutable");
        new TestModuleBuilder().Global(ValType.I32, true, 0x41, 0x00, 0x0B)
            .Function([0x41, 0x01, 0x24, 0x00, 0x0B]).AssertValid();
        new TestModuleBuilder().Function([0x23, 0x00, 0x1A, 0x0B]).AssertInvalid("unknown global 0");
    }

    [Fact]
    public void CallUsesTheCalleeSignature()
    {
        new TestModuleBuilder().ImportFunction(I32ToI32).Function(ToI32, [0x41, 0x01, 0x10, 0x00, 0x0B]).AssertValid();
        new TestModuleBuilder().ImportFunction(I32ToI32).Function(ToI32, [0x10, 0x00, 0x0B]).AssertInvalid("type mismatch");
        new TestModuleBuilder().Function([0x10, 0x07, 0x0B]).AssertInvalid("unknown function 7");
    }

    [Fact]
    public void CallIndirectNeedsAFuncrefTable()
    {
        new TestModuleBuilder().Table(ValType.FuncRef, 1).Function([0x41, 0x00, 0x11, 0x00, 0x00, 0x0B]).AssertValid();
        new TestModuleBuilder().Table(ValType.ExternRef, 1).Function([0x41, 0x00, 0x11, 0x00, 0x00, 0x0B]).AssertInvalid("type mismatch");
        new TestModuleBuilder().Function([0x41, 0x00, 0x11, 0x00, 0x00, 0x0B]).AssertInvalid("unknown table 0");
    }

    [Fact]
    public void MemoryAccessesNeedAMemoryAndNaturalAlignment()
    {
        new TestModuleBuilder().Memory(1).Function(ToI32, [0x41, 0x00, 0x28, 0x02, 0x00, 0x0B]).AssertValid(); // i32.load align=4
        new TestModuleBuilder().Memory(1).Function(ToI32, [0x41, 0x00, 0x28, 0x03, 0x00, 0x0B])
            .AssertInvalid("alignment must not be larger than natural");
        new TestModuleBuilder().Function(ToI32, [0x41, 0x00, 0x28, 0x02, 0x00, 0x0B]).AssertInvalid("unknown memory 0");
        new TestModuleBuilder().Function([0x3F, 0x00, 0x1A, 0x0B]).AssertInvalid("unknown memory 0"); // memory.size
    }

    [Fact]
    public void DataInstructionsNeedTheDataCountSection()
    {
        byte[] init = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B]; // memory.init 0
        new TestModuleBuilder().Memory(1).PassiveData().Function(init).AssertValid();
        new TestModuleBuilder().Memory(1).PassiveData().DataCount(null).Function(init).AssertMalformed("data count section required");
        new TestModuleBuilder().Memory(1).PassiveData().Function([0xFC, 0x09, 0x01, 0x0B]).AssertInvalid("unknown data segment 1");
    }

    [Fact]
    public void RefFuncNeedsADeclaration()
    {
        byte[] body = [0xD2, 0x00, 0x1A, 0x0B];
        new TestModuleBuilder().Function(body).AssertInvalid("undeclared function reference");
        new TestModuleBuilder().Function(body).DeclareFunctions(0).AssertValid();
        new TestModuleBuilder().Function(body).Export("f", ExternalKind.Function, 0).AssertValid();
        new TestModuleBuilder().Function(body).Global(ValType.FuncRef, false, 0xD2, 0x00, 0x0B).AssertValid();
    }

    [Fact]
    public void TableInstructionsUseTheTableElementType()
    {
        // table.get 0 gives an externref: ref.is_null accepts it, i32.eqz does not
        new TestModuleBuilder().Table(ValType.ExternRef, 1).Function(ToI32, [0x41, 0x00, 0x25, 0x00, 0xD1, 0x0B]).AssertValid();
        new TestModuleBuilder().Table(ValType.ExternRef, 1).Function(ToI32, [0x41, 0x00, 0x25, 0x00, 0x45, 0x0B]).AssertInvalid("type mismatch");

        // table.copy between tables of different element types
        new TestModuleBuilder().Table(ValType.ExternRef, 1).Table(ValType.FuncRef, 1)
            .Function([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x01, 0x0B]).AssertInvalid("type mismatch");
        new TestModuleBuilder().Table(ValType.FuncRef, 1).Function([0xFC, 0x0D, 0x00, 0x0B]).AssertInvalid("unknown elem segment 0");
    }

    [Fact]
    public void DeepNestingDoesNotExhaustTheCallStack()
    {
        const int depth = 200_000;
        var code = new byte[(depth * 3) + 1];
        for (var i = 0; i < depth; i++)
        {
            code[2 * i] = 0x02; // block
            code[(2 * i) + 1] = 0x40;
            code[(2 * depth) + i] = 0x0B;
        }

        code[^1] = 0x0B;
        new TestModuleBuilder().Function(code).AssertValid();
    }

    [Fact]
    public void InvalidInstructionEncodingsStayMalformed() =>
        One(FunctionType.Empty, 0xFF, 0x0B).AssertMalformed("illegal opcode");
}
