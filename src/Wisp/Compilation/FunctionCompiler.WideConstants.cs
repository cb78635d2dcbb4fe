using System.Reflection.Emit;

namespace Wisp.Compilation;

// 64-bit constants that need all 64 bits, used inside loops, are computed once at function entry
// into IL locals the JIT cannot fold back into constants (UnfoldableZero).
internal sealed partial class FunctionCompiler
{
    private Dictionary<long, LocalBuilder>? _wideConstants;

    /// <summary>A constant RyuJIT would materialise with a 10-byte <c>mov r, imm64</c>.</summary>
    private static bool IsWide(long value) => value != (int)value;

    /// <summary>At function entry: one local per wide constant that appears inside a loop (<see cref="ScanBody"/>).</summary>
    private void HoistWideConstants(List<long>? constants)
    {
        if (constants is null)
        {
            return;
        }

        _wideConstants = new Dictionary<long, LocalBuilder>(constants.Count);
        foreach (var constant in constants)
        {
            var local = _il.DeclareLocal(typeof(long));
            _il.Emit(OpCodes.Ldsfld, RuntimeMembers.UnfoldableZero);
            _il.Emit(OpCodes.Ldc_I8, constant);
            _il.Emit(OpCodes.Xor);
            _il.Emit(OpCodes.Stloc, local);
            _wideConstants[constant] = local;
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
