using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Runtime;

namespace Wisp.Compilation;

// 64-bit constants that need all 64 bits, used inside loops, are computed once at function entry
// into IL locals the JIT cannot fold back into constants (UnfoldableZero).
internal sealed partial class FunctionCompiler
{
    private Dictionary<long, LocalBuilder>? _wideConstants;

    /// <summary>At function entry: one local per distinct wide <c>i64.const</c> that appears inside a loop.</summary>
    private void HoistWideConstants()
    {
        var frames = new List<bool>();
        var loops = 0;
        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.If:
                    frames.Add(false);
                    break;
                case Opcode.Loop:
                    frames.Add(true);
                    loops++;
                    break;
                case Opcode.End when frames.Count > 0:
                    if (frames[^1]) loops--;
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case Opcode.I64Const when loops > 0 && instruction.I64 != (int)instruction.I64:
                    _wideConstants ??= [];
                    if (!_wideConstants.ContainsKey(instruction.I64))
                    {
                        var local = _il.DeclareLocal(typeof(long));
                        _il.Emit(OpCodes.Ldsfld, RuntimeMembers.UnfoldableZero);
                        _il.Emit(OpCodes.Ldc_I8, instruction.I64);
                        _il.Emit(OpCodes.Xor);
                        _il.Emit(OpCodes.Stloc, local);
                        _wideConstants[instruction.I64] = local;
                    }

                    break;
            }
        }
    }

    /// <summary>Stack: → the constant, from its hoisted local when it has one.</summary>
    private void EmitI64Constant(long value)
    {
        if (_wideConstants is not null && _wideConstants.TryGetValue(value, out var local))
        {
            _il.Emit(OpCodes.Ldloc, local);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I8, value);
        }
    }
}
