using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Evaluates constant expressions (spec 3.3.10, 4.4.10) at instantiation: <c>t.const</c>,
/// <c>ref.null</c>, <c>ref.func</c> and <c>global.get</c>. Validation has checked the types, so the
/// expression yields exactly one value of the expected type.
/// </summary>
internal static class ConstantEvaluator
{
    public static Value Evaluate(ConstantExpression expression, InstanceContext context)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        Value? result = null;
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.I32Const: result = Value.FromInt32(instruction.I32); break;
                case Opcode.I64Const: result = Value.FromInt64(instruction.I64); break;
                case Opcode.F32Const: result = Value.FromSingleBits(instruction.F32Bits); break;
                case Opcode.F64Const: result = Value.FromDoubleBits(instruction.F64Bits); break;
                case Opcode.V128Const: result = Value.FromV128(instruction.Value, instruction.High); break;
                case Opcode.RefNull: result = Value.NullOf(instruction.ValType); break;
                case Opcode.RefFunc: result = Value.FromFunction(context.Function(instruction.Index)); break;
                case Opcode.GlobalGet: result = context.Globals[instruction.Index].Value; break;
                case Opcode.End: return result ?? throw new InvalidOperationException("empty constant expression");
                default: throw new InvalidOperationException($"{instruction.Info.Mnemonic} is not a constant instruction");
            }
        }

        throw new InvalidOperationException("constant expression without end");
    }
}
