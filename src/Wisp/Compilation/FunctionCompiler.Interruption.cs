using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Fuel and interrupt checks (<see cref="InterruptionChecks"/>) at the function's entry and at every
/// loop header, which every back-edge passes: between two checks a function runs straight-line or
/// forward-branching code only, so a guest cannot run long without reaching one. Nothing is emitted
/// when the module was compiled without checks.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>The store's <see cref="ExecutionControl"/>, loaded once at entry.</summary>
    private LocalBuilder? _control;

    /// <summary>Fuel charged at each region head: the function (offset -1) and each loop (its offset).</summary>
    private Dictionary<int, int>? _regionFuel;

    private const int FunctionRegion = -1;

    private void EmitEntryInterruptionCheck()
    {
        if (_emission.Checks == InterruptionChecks.None)
        {
            return;
        }

        if (_emission.Checks.HasFlag(InterruptionChecks.Fuel))
        {
            _regionFuel = CountRegionInstructions();
        }

        _control = _il.DeclareLocal(typeof(ExecutionControl));
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextControl);
        _il.Emit(OpCodes.Stloc, _control);
        EmitInterruptionCheck(FunctionRegion);
    }

    /// <summary>The store's <see cref="ExecutionControl"/>: from the local when the checks loaded it, else from the context.</summary>
    private void EmitLoadControl()
    {
        if (_control is not null)
        {
            _il.Emit(OpCodes.Ldloc, _control);
            return;
        }

        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextControl);
    }

    /// <summary>At a loop's label: runs on entry and on every branch back to it.</summary>
    private void EmitLoopInterruptionCheck(int loopOffset)
    {
        if (_control is not null)
        {
            EmitInterruptionCheck(loopOffset);
        }
    }

    private void EmitInterruptionCheck(int region)
    {
        if (_regionFuel is not null)
        {
            _il.Emit(OpCodes.Ldloc, _control!);
            _il.Emit(OpCodes.Ldc_I4, Math.Max(1, _regionFuel[region]));
            _il.Emit(OpCodes.Call, RuntimeMembers.ConsumeFuel);
        }

        if (_emission.Checks.HasFlag(InterruptionChecks.Interrupt))
        {
            _il.Emit(OpCodes.Ldloc, _control!);
            _il.Emit(OpCodes.Call, RuntimeMembers.CheckInterrupt);
        }
    }

    /// <summary>
    /// The fuel unit is one Wasm instruction (structural <c>else</c>/<c>end</c> excluded). A region is
    /// the function body or a loop body minus the loops nested in it; its whole count is charged at its
    /// head, so code an <c>if</c> or <c>br</c> skips is charged too.
    /// </summary>
    private Dictionary<int, int> CountRegionInstructions()
    {
        var counts = new Dictionary<int, int> { [FunctionRegion] = 0 };
        // For each open block, loop or if (and the function), the region its instructions count towards.
        var open = new List<int> { FunctionRegion };
        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.AtEnd && open.Count > 0)
        {
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.End:
                    open.RemoveAt(open.Count - 1);
                    continue;
                case Opcode.Else:
                    continue;
            }

            counts[open[^1]]++;
            switch (instruction.Opcode)
            {
                case Opcode.Loop:
                    counts[instruction.Offset] = 0;
                    open.Add(instruction.Offset);
                    break;
                case Opcode.Block or Opcode.If:
                    open.Add(open[^1]);
                    break;
            }
        }

        return counts;
    }
}
