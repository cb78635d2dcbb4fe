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
/// An instruction whose operand counts are not modelled forgets the whole model, and so does every
/// control instruction, so a tag never crosses a branch or a label. Integer arithmetic carries a tag
/// only where the result is a bijection of the tagged operand whatever the other one is: <c>add</c>,
/// <c>sub</c> and <c>xor</c> with an operand not derived from any load of the block, <c>mul</c> by an odd
/// literal, a rotation by an untainted count. Anything else could fold (<c>x * 0</c>,
/// <c>(x &amp; 255) &gt;&gt; 8</c>, <c>x - x</c>) or be narrowed (<c>i32.wrap_i64</c>, a narrowing store, a
/// shift count). "Not derived from a load of the block" is the taint below: the JIT can only cancel a
/// load against a value it knows to be a function of that load, and within the block every such value
/// is one the model saw computed from it; a value from before the block that the JIT knows equal to
/// the load is an earlier read of the same bytes, which the JIT could only drop if unused here.
/// Values the model lost (below an instruction it does not model), globals (a <c>global.set</c> may be
/// forwarded to a <c>global.get</c>) and call results (a call may be inlined) count as tainted.
/// </remarks>
internal static class LoadsReachingStores
{
    /// <summary>
    /// What the pass knows about a value: the loads whose every bit it carries, whether it may depend
    /// on a load of this basic block (or is unknown), and its value when it is a literal constant.
    /// </summary>
    private readonly record struct Value(int[]? Carried, bool Tainted, long? Literal = null)
    {
        public static Value Clean => new(null, false);

        public static Value Unknown => new(null, true);
    }

    /// <summary>Code offsets of the loads that need no probe.</summary>
    public static HashSet<int> Find(ReadOnlySpan<byte> code, int codeOffset)
    {
        var found = new HashSet<int>();
        var stack = new List<Value>();
        var locals = new Dictionary<uint, Value>();

        // Values below the modelled stack were computed before the block, until the model is lost.
        var below = Value.Clean;
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            var opcode = instruction.Opcode;
            if (BlockLocalCompareResults.StartsBasicBlock(opcode))
            {
                stack.Clear();
                locals.Clear();
                below = Value.Clean;
                continue;
            }

            switch (opcode)
            {
                case Opcode.I64Load or Opcode.F64Load:
                    Pop(stack, below);
                    stack.Add(new Value([instruction.Offset], true));
                    break;
                case Opcode.I64Store or Opcode.F64Store or Opcode.F32Store or Opcode.I32Store:
                    MarkReached(found, Pop(stack, below));
                    Pop(stack, below);
                    break;
                case Opcode.GlobalSet:
                    MarkReached(found, Pop(stack, below));
                    break;
                case Opcode.LocalGet:
                    stack.Add(locals.GetValueOrDefault(instruction.Index, Value.Clean));
                    break;
                case Opcode.LocalSet or Opcode.LocalTee:
                    var value = Pop(stack, below);
                    locals[instruction.Index] = value;
                    if (opcode == Opcode.LocalTee) stack.Add(value);
                    break;
                case Opcode.GlobalGet:
                    stack.Add(Value.Unknown);
                    break;
                case Opcode.I64Const:
                    stack.Add(new Value(null, false, instruction.I64));
                    break;
                case Opcode.Drop:
                    Pop(stack, below);
                    break;
                case Opcode.Select or Opcode.SelectTyped:
                    // A constant condition would let the JIT drop one operand.
                    var selected = Pop(stack, below).Tainted | Pop(stack, below).Tainted | Pop(stack, below).Tainted;
                    stack.Add(new Value(null, selected));
                    break;
                default:
                    if (instruction.Info.Signature is not { } signature)
                    {
                        // A call or call_indirect: what it leaves, and what
                        // stays below it, may be a function of a load.
                        stack.Clear();
                        below = Value.Unknown;
                        break;
                    }

                    var operands = new Value[signature.Pops.Length];
                    for (var i = operands.Length - 1; i >= 0; i--)
                    {
                        operands[i] = Pop(stack, below);
                    }

                    var result = Result(opcode, operands);
                    for (var i = 0; i < signature.Pushes.Length; i++)
                    {
                        stack.Add(result);
                    }

                    break;
            }
        }

        return found;
    }

    private static Value Pop(List<Value> stack, Value below)
    {
        if (stack.Count == 0)
        {
            return below;
        }

        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }

    private static void MarkReached(HashSet<int> found, Value value)
    {
        if (value.Carried is { } loads)
        {
            found.UnionWith(loads);
        }
    }

    /// <summary>The result of a fixed-signature instruction, from its operands (in stack order).</summary>
    private static Value Result(Opcode opcode, Value[] operands)
    {
        var tainted = false;
        foreach (var operand in operands) tainted |= operand.Tainted;
        if (CarriesEveryBit(opcode))
        {
            int[]? carried = null;
            foreach (var operand in operands)
            {
                if (operand.Carried is { } loads) carried = carried is null ? loads : [.. carried, .. loads];
            }

            return new Value(carried, tainted);
        }

        if (operands.Length == 2 && IsBijectionOfEither(opcode, operands[0], operands[1]) is { } carrier)
        {
            return new Value(carrier.Carried, true);
        }

        if (opcode is Opcode.I64Rotl or Opcode.I64Rotr && !operands[1].Tainted)
        {
            return new Value(operands[0].Carried, true);
        }

        if (opcode == Opcode.I64Mul && (Odd(operands[1]) ? operands[0] : Odd(operands[0]) ? operands[1] : (Value?)null) is { } scaled)
        {
            return new Value(scaled.Carried, true);
        }

        return new Value(null, tainted);
    }

    /// <summary>For <c>add</c>, <c>sub</c>, <c>xor</c>: the one operand that is tainted, when the other is not.</summary>
    private static Value? IsBijectionOfEither(Opcode opcode, Value left, Value right) =>
        opcode is Opcode.I64Add or Opcode.I64Sub or Opcode.I64Xor && left.Tainted != right.Tainted
            ? (left.Tainted ? left : right)
            : null;

    private static bool Odd(Value value) => value.Literal is { } literal && (literal & 1) != 0;

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
