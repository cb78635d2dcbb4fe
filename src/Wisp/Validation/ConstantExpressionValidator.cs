using Wisp.Diagnostics;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Validation;

/// <summary>
/// Checks constant expressions (spec 3.3.10): global initialisers, segment offsets and element items.
/// Only <c>t.const</c>, <c>ref.null</c>, <c>ref.func</c> and <c>global.get</c> of an imported
/// immutable global are allowed, and the expression must leave exactly one value of the expected type.
/// </summary>
internal static class ConstantExpressionValidator
{
    /// <summary>Validates <paramref name="expression"/> and records the functions it names in C.refs.</summary>
    public static void Validate(ValidationContext context, ConstantExpression expression, ValType expected, string location)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);

        // The values pushed so far; more than one is already a type error, so only the count and the first matter.
        var count = 0;
        var first = default(ValType);
        while (true)
        {
            if (reader.AtEnd)
            {
                throw new MalformedModuleException("END opcode expected", reader.Offset);
            }

            var instruction = reader.Read();
            ValType pushed;
            switch (instruction.Opcode)
            {
                case Opcode.I32Const: pushed = ValType.I32; break;
                case Opcode.I64Const: pushed = ValType.I64; break;
                case Opcode.F32Const: pushed = ValType.F32; break;
                case Opcode.F64Const: pushed = ValType.F64; break;
                case Opcode.V128Const: pushed = ValType.V128; break;
                case Opcode.RefNull: pushed = instruction.ValType; break;
                case Opcode.RefFunc:
                    context.FunctionTypeAt(instruction.Index, instruction.Offset, location);
                    context.DeclareReference(instruction.Index);
                    pushed = ValType.FuncRef;
                    break;
                case Opcode.GlobalGet:
                    {
                        // Wasm 2.0: the context of a constant expression holds only the imported globals.
                        if (instruction.Index >= (uint)context.ImportedGlobalCount)
                        {
                            throw ValidationContext.Unknown("global", instruction.Index, instruction.Offset, location);
                        }

                        var global = context.Globals[instruction.Index];
                        if (global.Mutable)
                        {
                            throw new InvalidModuleException("constant expression required", instruction.Offset, location);
                        }

                        pushed = global.ValType;
                        break;
                    }

                case Opcode.End:
                    if (!reader.AtEnd)
                    {
                        throw new MalformedModuleException("section size mismatch", reader.Offset);
                    }

                    if (count != 1 || first != expected)
                    {
                        throw new InvalidModuleException("type mismatch", instruction.Offset, location);
                    }

                    return;
                default:
                    throw new InvalidModuleException("constant expression required", instruction.Offset, location);
            }

            if (count++ == 0)
            {
                first = pushed;
            }
        }
    }
}
