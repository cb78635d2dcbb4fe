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
    private static bool MayTestRotateResult(Opcode next) => next is
        Opcode.BrIf or Opcode.If or Opcode.Select or Opcode.SelectTyped or Opcode.BrTable or Opcode.Br or
        Opcode.I32Eqz or Opcode.I64Eqz or Opcode.I32Const or Opcode.I64Const or
        Opcode.LocalSet or Opcode.LocalTee or Opcode.GlobalSet or Opcode.Return or Opcode.End;

    private void EmitRotateFlagsBarrier()
    {
        _il.Emit(OpCodes.Ldsfld, _stack[^1] == ValType.I64 ? RuntimeMembers.RotateBarrier64 : RuntimeMembers.RotateBarrier32);
        _il.Emit(OpCodes.Xor);
    }
}
