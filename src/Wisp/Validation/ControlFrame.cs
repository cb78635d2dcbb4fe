using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Validation;

/// <summary>An entry of the control stack of the validation algorithm (spec appendix 7.3).</summary>
internal struct ControlFrame
{
    /// <summary><see cref="Opcode.Block"/>, <see cref="Opcode.Loop"/>, <see cref="Opcode.If"/>, <see cref="Opcode.Else"/>, or <see cref="Opcode.End"/> for the function body.</summary>
    public Opcode Kind;

    public BlockSignature Signature;

    /// <summary>Operand stack height when the frame was entered (after its parameters were popped).</summary>
    public int Height;

    /// <summary>Set after an unconditional branch: the rest of the frame is typed with a polymorphic stack.</summary>
    public bool Unreachable;

    /// <summary>A branch to a loop goes to its start, so its label takes the parameters; any other label takes the results.</summary>
    public readonly int LabelArity => Kind == Opcode.Loop ? Signature.ParameterCount : Signature.ResultCount;

    public readonly ValType LabelType(int index) => Kind == Opcode.Loop ? Signature.Parameter(index) : Signature.Result(index);
}
