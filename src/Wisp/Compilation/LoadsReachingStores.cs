using Wisp.Instructions;

namespace Wisp.Compilation;

/// <summary>
/// Finds the 8-byte loads (<c>i64.load</c>, <c>f64.load</c>) whose every bit reaches a full-width
/// store or <c>global.set</c> in the same basic block: directly, through locals, or through float
/// arithmetic and conversions, none of which RyuJIT can fold an operand away from. Such a load is
/// never dropped or narrowed, so with guard pages it needs no probe of its last byte
/// (<see cref="FunctionCompiler"/>'s <c>EmitEffectiveAddress</c>). matmul's <c>c[j] += a * b[j]</c>
/// and wasi-libc's 8-byte copy loops are such loads.
/// </summary>
/// <remarks>
/// One pass that models the top of the operand stack, each value tagged with the loads it carries.
/// Values below the modelled part are unknown (untagged); an instruction whose operand counts are not
/// modelled forgets the whole model, and so does every control instruction, so a tag never crosses
/// a branch or a label. Integer arithmetic does not carry a tag: <c>x * 0</c> or <c>(x &amp; 255) &gt;&gt; 8</c>
/// fold to constants, and a narrowing store or <c>i32.wrap_i64</c> lets the JIT read fewer bytes.
/// </remarks>
internal static class LoadsReachingStores
{
    /// <summary>Code offsets of the loads that need no probe.</summary>
    public static HashSet<int> Find(ReadOnlySpan<byte> code, int codeOffset)
    {
        var found = new HashSet<int>();
        var stack = new List<int[]?>();
        var locals = new Dictionary<uint, int[]>();
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            var opcode = instruction.Opcode;
            if (BlockLocalCompareResults.StartsBasicBlock(opcode))
            {
                stack.Clear();
                locals.Clear();
                continue;
            }

            switch (opcode)
            {
                case Opcode.I64Load or Opcode.F64Load:
                    Pop(stack);
                    stack.Add([instruction.Offset]);
                    break;
                case Opcode.I64Store or Opcode.F64Store or Opcode.F32Store or Opcode.I32Store:
                    MarkReached(found, Pop(stack));
                    Pop(stack);
                    break;
                case Opcode.GlobalSet:
                    MarkReached(found, Pop(stack));
                    break;
                case Opcode.LocalGet:
                    stack.Add(locals.GetValueOrDefault(instruction.Index));
                    break;
                case Opcode.LocalSet or Opcode.LocalTee:
                    var value = Pop(stack);
                    if (value is null) locals.Remove(instruction.Index);
                    else locals[instruction.Index] = value;
                    if (opcode == Opcode.LocalTee) stack.Add(value);
                    break;
                case Opcode.GlobalGet:
                    stack.Add(null);
                    break;
                case Opcode.Drop:
                    Pop(stack);
                    break;
                case Opcode.Select or Opcode.SelectTyped:
                    // A constant condition would let the JIT drop one operand.
                    Pop(stack);
                    Pop(stack);
                    Pop(stack);
                    stack.Add(null);
                    break;
                default:
                    if (instruction.Info.Signature is not { } signature)
                    {
                        stack.Clear();
                        break;
                    }

                    int[]? carried = null;
                    for (var i = 0; i < signature.Pops.Length; i++)
                    {
                        var operand = Pop(stack);
                        if (CarriesEveryBit(opcode) && operand is not null)
                        {
                            carried = carried is null ? operand : [.. carried, .. operand];
                        }
                    }

                    for (var i = 0; i < signature.Pushes.Length; i++)
                    {
                        stack.Add(carried);
                    }

                    break;
            }
        }

        return found;
    }

    private static int[]? Pop(List<int[]?> stack)
    {
        if (stack.Count == 0)
        {
            return null;
        }

        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static void MarkReached(HashSet<int> found, int[]? loads)
    {
        if (loads is not null)
        {
            found.UnionWith(loads);
        }
    }

    /// <summary>
    /// Float arithmetic, float conversions and reinterpretations: the result depends on every bit of
    /// each operand. Not <c>copysign</c>, which reads only its second operand's sign.
    /// </summary>
    private static bool CarriesEveryBit(Opcode opcode) => opcode is
        (>= Opcode.F32Abs and <= Opcode.F64Copysign and not (Opcode.F32Copysign or Opcode.F64Copysign)) or
        Opcode.F32ConvertI64S or Opcode.F32ConvertI64U or Opcode.F32DemoteF64 or
        Opcode.F64ConvertI64S or Opcode.F64ConvertI64U or Opcode.F64PromoteF32 or
        Opcode.I64ReinterpretF64 or Opcode.F64ReinterpretI64;
}
