using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Compilation;

// Works around RyuJIT branching on flags it believes rol/ror set (see RotateFlagsBarrier). Only
// rotates whose result goes straight into something that may compare it with zero (a branch, a
// select, eqz, a constant operand, a local the JIT may forward, a block or function result) pay
// for the barrier; rotates feeding arithmetic, as in hash functions, do not.
internal sealed partial class FunctionCompiler
{
    /// <param name="next">The instruction after the rotate.</param>
    /// <param name="following">A reader positioned after <paramref name="next"/> (a copy; not advanced for the caller).</param>
    private static bool MayTestRotateResult(in Instruction next, InstructionReader following)
    {
        if (next.Opcode is Opcode.I32Const or Opcode.I64Const)
        {
            // (rotl x k) (const c) then arithmetic, as in hash functions: the arithmetic's result is
            // what gets tested, and its own instruction sets the flags. Not so for a compare with the
            // constant, nor for an identity (x + 0, x * 1, x & -1, ...) that the JIT folds away.
            var constant = (long)next.Value;
            return following.AtEnd || constant is 0 or 1 or -1 || !IsBinaryArithmetic(following.Read().Opcode);
        }

        return next.Opcode is
            Opcode.BrIf or Opcode.If or Opcode.Select or Opcode.SelectTyped or Opcode.BrTable or Opcode.Br or
            Opcode.I32Eqz or Opcode.I64Eqz or
            Opcode.LocalSet or Opcode.LocalTee or Opcode.GlobalSet or Opcode.Return or Opcode.End;
    }

    private static bool IsBinaryArithmetic(Opcode opcode) => opcode is
        Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I32And or Opcode.I32Or or Opcode.I32Xor or
        Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul or Opcode.I64And or Opcode.I64Or or Opcode.I64Xor;

    private void EmitRotateFlagsBarrier()
    {
        _il.Emit(OpCodes.Ldsfld, _stack[^1] == ValType.I64 ? RuntimeMembers.RotateBarrier64 : RuntimeMembers.RotateBarrier32);
        _il.Emit(OpCodes.Xor);
    }
}
