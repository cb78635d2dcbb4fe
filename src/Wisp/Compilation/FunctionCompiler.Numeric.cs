using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Runtime;

namespace Wisp.Compilation;

// Numeric instructions (spec 4.4.1). Plain IL where its semantics are Wasm's; otherwise a call to
// a small runtime method (division, truncation, float sign and min/max...) that the JIT inlines.
// Typing comes from the opcode table's fixed signatures.
internal sealed partial class FunctionCompiler
{
    private void EmitNumeric(in Instruction instruction)
    {
        var op = instruction.Opcode;
        switch (op)
        {
            case Opcode.I32Const:
                _il.Emit(OpCodes.Ldc_I4, instruction.I32);
                break;
            case Opcode.I64Const:
                EmitI64Constant(instruction.I64);
                break;
            case Opcode.F32Const:
                EmitF32Constant(instruction.F32Bits);
                break;
            case Opcode.F64Const:
                EmitF64Constant(instruction.F64Bits);
                break;

            case Opcode.I32Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                break;
            case Opcode.I64Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Conv_I8);
                _il.Emit(OpCodes.Ceq);
                break;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq:
                _il.Emit(OpCodes.Ceq);
                break;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne:
                EmitNegated(OpCodes.Ceq);
                break;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt:
                _il.Emit(OpCodes.Clt);
                break;
            case Opcode.I32LtU or Opcode.I64LtU:
                _il.Emit(OpCodes.Clt_Un);
                break;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt:
                _il.Emit(OpCodes.Cgt);
                break;
            case Opcode.I32GtU or Opcode.I64GtU:
                _il.Emit(OpCodes.Cgt_Un);
                break;
            case Opcode.I32LeS or Opcode.I64LeS:
                EmitNegated(OpCodes.Cgt);
                break;
            case Opcode.I32LeU or Opcode.I64LeU or Opcode.F32Le or Opcode.F64Le:
                // For floats, !(a > b unordered) is "a <= b and neither is NaN".
                EmitNegated(OpCodes.Cgt_Un);
                break;
            case Opcode.I32GeS or Opcode.I64GeS:
                EmitNegated(OpCodes.Clt);
                break;
            case Opcode.I32GeU or Opcode.I64GeU or Opcode.F32Ge or Opcode.F64Ge:
                EmitNegated(OpCodes.Clt_Un);
                break;

            case Opcode.I32Clz: Call(BitOps(nameof(BitOperations.LeadingZeroCount), typeof(uint))); break;
            case Opcode.I32Ctz: Call(BitOps(nameof(BitOperations.TrailingZeroCount), typeof(uint))); break;
            case Opcode.I32Popcnt: Call(BitOps(nameof(BitOperations.PopCount), typeof(uint))); break;
            case Opcode.I64Clz: Call(BitOps(nameof(BitOperations.LeadingZeroCount), typeof(ulong))); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Ctz: Call(BitOps(nameof(BitOperations.TrailingZeroCount), typeof(ulong))); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Popcnt: Call(BitOps(nameof(BitOperations.PopCount), typeof(ulong))); _il.Emit(OpCodes.Conv_I8); break;

            case Opcode.I32Add or Opcode.I64Add or Opcode.F32Add or Opcode.F64Add: _il.Emit(OpCodes.Add); break;
            case Opcode.I32Sub or Opcode.I64Sub or Opcode.F32Sub or Opcode.F64Sub: _il.Emit(OpCodes.Sub); break;
            case Opcode.I32Mul or Opcode.I64Mul or Opcode.F32Mul or Opcode.F64Mul: _il.Emit(OpCodes.Mul); break;
            case Opcode.F32Div or Opcode.F64Div: _il.Emit(OpCodes.Div); break;
            case Opcode.I32And or Opcode.I64And: _il.Emit(OpCodes.And); break;
            case Opcode.I32Or or Opcode.I64Or: _il.Emit(OpCodes.Or); break;
            case Opcode.I32Xor or Opcode.I64Xor: _il.Emit(OpCodes.Xor); break;

            case Opcode.I32DivS: Call(Integer(nameof(IntegerArithmetic.DivS), typeof(int))); break;
            case Opcode.I32DivU: Call(Integer(nameof(IntegerArithmetic.DivU), typeof(int))); break;
            case Opcode.I32RemS: Call(Integer(nameof(IntegerArithmetic.RemS), typeof(int))); break;
            case Opcode.I32RemU: Call(Integer(nameof(IntegerArithmetic.RemU), typeof(int))); break;
            case Opcode.I64DivS: Call(Integer(nameof(IntegerArithmetic.DivS), typeof(long))); break;
            case Opcode.I64DivU: Call(Integer(nameof(IntegerArithmetic.DivU), typeof(long))); break;
            case Opcode.I64RemS: Call(Integer(nameof(IntegerArithmetic.RemS), typeof(long))); break;
            case Opcode.I64RemU: Call(Integer(nameof(IntegerArithmetic.RemU), typeof(long))); break;

            // Shift counts are taken modulo the width (spec); IL leaves larger counts unspecified.
            case Opcode.I32Shl: EmitShift(OpCodes.Shl, 31, wide: false); break;
            case Opcode.I32ShrS: EmitShift(OpCodes.Shr, 31, wide: false); break;
            case Opcode.I32ShrU: EmitShift(OpCodes.Shr_Un, 31, wide: false); break;
            case Opcode.I64Shl: EmitShift(OpCodes.Shl, 63, wide: true); break;
            case Opcode.I64ShrS: EmitShift(OpCodes.Shr, 63, wide: true); break;
            case Opcode.I64ShrU: EmitShift(OpCodes.Shr_Un, 63, wide: true); break;
            case Opcode.I32Rotl: Call(RuntimeMembers.Method(typeof(BitOperations), nameof(BitOperations.RotateLeft), typeof(uint), typeof(int))); break;
            case Opcode.I32Rotr: Call(RuntimeMembers.Method(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(uint), typeof(int))); break;
            case Opcode.I64Rotl:
                _il.Emit(OpCodes.Conv_I4);
                Call(RuntimeMembers.Method(typeof(BitOperations), nameof(BitOperations.RotateLeft), typeof(ulong), typeof(int)));
                break;
            case Opcode.I64Rotr:
                _il.Emit(OpCodes.Conv_I4);
                Call(RuntimeMembers.Method(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(ulong), typeof(int)));
                break;

            case Opcode.F32Abs: Call(Float(nameof(FloatArithmetic.Abs), typeof(float))); break;
            case Opcode.F32Neg: Call(Float(nameof(FloatArithmetic.Neg), typeof(float))); break;
            case Opcode.F32Copysign: Call(Float(nameof(FloatArithmetic.CopySign), typeof(float), typeof(float))); break;
            case Opcode.F32Min: Call(Float(nameof(FloatArithmetic.Min), typeof(float), typeof(float))); break;
            case Opcode.F32Max: Call(Float(nameof(FloatArithmetic.Max), typeof(float), typeof(float))); break;
            case Opcode.F32Nearest: Call(Float(nameof(FloatArithmetic.Nearest), typeof(float))); break;
            case Opcode.F32Ceil: Call(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Ceiling), typeof(float))); break;
            case Opcode.F32Floor: Call(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Floor), typeof(float))); break;
            case Opcode.F32Trunc: Call(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Truncate), typeof(float))); break;
            case Opcode.F32Sqrt: Call(RuntimeMembers.Method(typeof(MathF), nameof(MathF.Sqrt), typeof(float))); break;
            case Opcode.F64Abs: Call(Float(nameof(FloatArithmetic.Abs), typeof(double))); break;
            case Opcode.F64Neg: Call(Float(nameof(FloatArithmetic.Neg), typeof(double))); break;
            case Opcode.F64Copysign: Call(Float(nameof(FloatArithmetic.CopySign), typeof(double), typeof(double))); break;
            case Opcode.F64Min: Call(Float(nameof(FloatArithmetic.Min), typeof(double), typeof(double))); break;
            case Opcode.F64Max: Call(Float(nameof(FloatArithmetic.Max), typeof(double), typeof(double))); break;
            case Opcode.F64Nearest: Call(Float(nameof(FloatArithmetic.Nearest), typeof(double))); break;
            case Opcode.F64Ceil: Call(RuntimeMembers.Method(typeof(Math), nameof(Math.Ceiling), typeof(double))); break;
            case Opcode.F64Floor: Call(RuntimeMembers.Method(typeof(Math), nameof(Math.Floor), typeof(double))); break;
            case Opcode.F64Trunc: Call(RuntimeMembers.Method(typeof(Math), nameof(Math.Truncate), typeof(double))); break;
            case Opcode.F64Sqrt: Call(RuntimeMembers.Method(typeof(Math), nameof(Math.Sqrt), typeof(double))); break;

            case Opcode.I32WrapI64: _il.Emit(OpCodes.Conv_I4); break;
            case Opcode.I64ExtendI32S: _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64ExtendI32U: _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I32Extend8S: _il.Emit(OpCodes.Conv_I1); break;
            case Opcode.I32Extend16S: _il.Emit(OpCodes.Conv_I2); break;
            case Opcode.I64Extend8S: _il.Emit(OpCodes.Conv_I1); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Extend16S: _il.Emit(OpCodes.Conv_I2); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Extend32S: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); break;

            case Opcode.I32TruncF32S or Opcode.I32TruncF32U or Opcode.I32TruncF64S or Opcode.I32TruncF64U
                or Opcode.I64TruncF32S or Opcode.I64TruncF32U or Opcode.I64TruncF64S or Opcode.I64TruncF64U
                or Opcode.I32TruncSatF32S or Opcode.I32TruncSatF32U or Opcode.I32TruncSatF64S or Opcode.I32TruncSatF64U
                or Opcode.I64TruncSatF32S or Opcode.I64TruncSatF32U or Opcode.I64TruncSatF64S or Opcode.I64TruncSatF64U:
                // Method names mirror the opcodes: I32TruncF32S, I64TruncSatF64U, ...
                Call(RuntimeMembers.Method(typeof(NumericConversions), op.ToString()));
                break;
            case Opcode.F32ConvertI64U or Opcode.F64ConvertI64U:
                Call(RuntimeMembers.Method(typeof(NumericConversions), op.ToString()));
                break;
            case Opcode.F32DemoteF64 when _previous == Opcode.F64PromoteF32:
                // The JIT folds demote(promote(x)) to x, letting a signalling NaN through unquieted.
                Call(RuntimeMembers.Method(typeof(NumericConversions), nameof(NumericConversions.DemoteOpaque)));
                break;
            case Opcode.F32ConvertI32S or Opcode.F32ConvertI64S or Opcode.F32DemoteF64:
                _il.Emit(OpCodes.Conv_R4);
                break;
            case Opcode.F64ConvertI32S or Opcode.F64ConvertI64S or Opcode.F64PromoteF32:
                _il.Emit(OpCodes.Conv_R8);
                break;
            case Opcode.F32ConvertI32U:
                // u32 → f64 is exact, so the only rounding is f64 → f32.
                _il.Emit(OpCodes.Conv_R_Un);
                _il.Emit(OpCodes.Conv_R4);
                break;
            case Opcode.F64ConvertI32U:
                _il.Emit(OpCodes.Conv_R_Un);
                _il.Emit(OpCodes.Conv_R8);
                break;

            case Opcode.I32ReinterpretF32: Call(Bits(nameof(BitConverter.SingleToInt32Bits), typeof(float))); break;
            case Opcode.I64ReinterpretF64: Call(Bits(nameof(BitConverter.DoubleToInt64Bits), typeof(double))); break;
            case Opcode.F32ReinterpretI32:
                // A bit cast of a constant is folded by the JIT through double, quieting signalling NaNs.
                Call(_previous == Opcode.I32Const
                    ? Float(nameof(FloatArithmetic.SingleFromBitsOpaque), typeof(uint))
                    : Float(nameof(FloatArithmetic.SingleFromBits), typeof(int)));
                break;
            case Opcode.F64ReinterpretI64:
                Call(_previous == Opcode.I64Const
                    ? Float(nameof(FloatArithmetic.DoubleFromBitsOpaque), typeof(ulong))
                    : Bits(nameof(BitConverter.Int64BitsToDouble), typeof(long)));
                break;

            default:
                throw new NotSupportedException($"the compiler does not support {instruction.Info.Mnemonic}");
        }

        EmitCanonicalNaNIfRequested(op);
        var signature = instruction.Info.Signature!;
        PopMany(signature.Pops.Length);
        PushAll(signature.Pushes);
    }

    private void Call(MethodInfo method) => _il.Emit(OpCodes.Call, method);

    private void EmitNegated(OpCode compare)
    {
        _il.Emit(compare);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    private void EmitShift(OpCode shift, int mask, bool wide)
    {
        if (wide) _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.And);
        _il.Emit(shift);
    }

    /// <summary>
    /// Float constants are emitted from their bits. Signalling NaNs go through an opaque call because
    /// the JIT keeps constants as doubles, which would quiet them.
    /// </summary>
    private void EmitF32Constant(uint bits)
    {
        var isSignallingNaN = (bits & 0x7F80_0000u) == 0x7F80_0000u && (bits & 0x007F_FFFFu) != 0 && (bits & 0x0040_0000u) == 0;
        if (isSignallingNaN)
        {
            _il.Emit(OpCodes.Ldc_I4, (int)bits);
            Call(Float(nameof(FloatArithmetic.SingleFromBitsOpaque), typeof(uint)));
        }
        else if (UnfoldableFloatConstants.FieldFor(bits) is { } field)
        {
            _il.Emit(OpCodes.Ldsfld, typeof(UnfoldableFloatConstants).GetField(field)!);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_R4, BitConverter.UInt32BitsToSingle(bits));
        }
    }

    private void EmitF64Constant(ulong bits)
    {
        const ulong exponent = 0x7FF0_0000_0000_0000ul;
        var isSignallingNaN = (bits & exponent) == exponent && (bits & 0x000F_FFFF_FFFF_FFFFul) != 0 && (bits & 0x0008_0000_0000_0000ul) == 0;
        if (isSignallingNaN)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)bits);
            Call(Float(nameof(FloatArithmetic.DoubleFromBitsOpaque), typeof(ulong)));
        }
        else if (UnfoldableFloatConstants.FieldFor(bits) is { } field)
        {
            _il.Emit(OpCodes.Ldsfld, typeof(UnfoldableFloatConstants).GetField(field)!);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_R8, BitConverter.UInt64BitsToDouble(bits));
        }
    }

    private static MethodInfo BitOps(string name, Type operand) => RuntimeMembers.BitOps(name, operand);

    private static MethodInfo Integer(string name, Type operand) => RuntimeMembers.Method(typeof(IntegerArithmetic), name, operand, operand);

    private static MethodInfo Float(string name, params Type[] operands) => RuntimeMembers.Method(typeof(FloatArithmetic), name, operands);

    private static MethodInfo Bits(string name, Type operand) => RuntimeMembers.Method(typeof(BitConverter), name, operand);
}
