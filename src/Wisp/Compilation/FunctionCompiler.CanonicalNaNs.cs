using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Runtime;

namespace Wisp.Compilation;

// Engine.CanonicalizeNaNs: after each float operation whose NaN result the spec leaves
// nondeterministic (arithmetic, min/max, rounding, sqrt, promotion and demotion), the result is
// replaced by the canonical NaN if it is one. Sign and bit operations (abs, neg, copysign, pmin/pmax,
// reinterpret, loads and stores) are exact in Wasm and left alone.
internal sealed partial class FunctionCompiler
{
    private void EmitCanonicalNaNIfRequested(Opcode op)
    {
        if (!_emission.CanonicalizeNaNs)
        {
            return;
        }

        var method = op switch
        {
            Opcode.F32Add or Opcode.F32Sub or Opcode.F32Mul or Opcode.F32Div or Opcode.F32Min or Opcode.F32Max
                or Opcode.F32Sqrt or Opcode.F32Ceil or Opcode.F32Floor or Opcode.F32Trunc or Opcode.F32Nearest
                or Opcode.F32DemoteF64 => nameof(CanonicalNaNs.Single),
            Opcode.F64Add or Opcode.F64Sub or Opcode.F64Mul or Opcode.F64Div or Opcode.F64Min or Opcode.F64Max
                or Opcode.F64Sqrt or Opcode.F64Ceil or Opcode.F64Floor or Opcode.F64Trunc or Opcode.F64Nearest
                or Opcode.F64PromoteF32 => nameof(CanonicalNaNs.Double),
            Opcode.F32x4Add or Opcode.F32x4Sub or Opcode.F32x4Mul or Opcode.F32x4Div or Opcode.F32x4Min or Opcode.F32x4Max
                or Opcode.F32x4Sqrt or Opcode.F32x4Ceil or Opcode.F32x4Floor or Opcode.F32x4Trunc or Opcode.F32x4Nearest
                or Opcode.F32x4DemoteF64x2Zero => nameof(CanonicalNaNs.SingleLanes),
            Opcode.F64x2Add or Opcode.F64x2Sub or Opcode.F64x2Mul or Opcode.F64x2Div or Opcode.F64x2Min or Opcode.F64x2Max
                or Opcode.F64x2Sqrt or Opcode.F64x2Ceil or Opcode.F64x2Floor or Opcode.F64x2Trunc or Opcode.F64x2Nearest
                or Opcode.F64x2PromoteLowF32x4 => nameof(CanonicalNaNs.DoubleLanes),
            _ => null,
        };
        if (method is not null)
        {
            _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(CanonicalNaNs), method));
        }
    }
}
