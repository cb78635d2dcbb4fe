using System.Reflection.Emit;
using Wisp.Model;

namespace Wisp.Compilation;

internal enum FrameKind : byte
{
    Function,
    Block,
    Loop,
    If,
}

/// <summary>
/// A structured control instruction being compiled (spec 3.3.5 "control frames"). The IL evaluation
/// stack mirrors the Wasm operand stack; at a frame's branch label the IL stack holds only what was
/// below the frame (<see cref="Height"/>), and the values a branch carries travel in
/// <see cref="BranchValues"/> locals, so every path into the label has the same stack shape.
/// </summary>
internal sealed class ControlFrame(FrameKind kind, ValType[] parameters, ValType[] results, int height, Label label)
{
    public FrameKind Kind { get; } = kind;

    public ValType[] Parameters { get; } = parameters;

    public ValType[] Results { get; } = results;

    /// <summary>Operand stack height below the frame's parameters.</summary>
    public int Height { get; } = height;

    /// <summary>Where a branch to this frame goes: the loop head for loops, the end otherwise.</summary>
    public Label Label { get; } = label;

    /// <summary>The values a branch to this frame carries: the loop's parameters or the block's results.</summary>
    public ValType[] LabelTypes => Kind == FrameKind.Loop ? Parameters : Results;

    /// <summary>Locals holding <see cref="LabelTypes"/> while a branch is in flight; created on first need.</summary>
    public LocalBuilder[]? BranchValues { get; set; }

    /// <summary>Whether any branch targets <see cref="Label"/> (so the end must merge through the locals).</summary>
    public bool IsBranchTarget { get; set; }

    /// <summary>The code being compiled in this frame can no longer be reached (after br, return, unreachable...).</summary>
    public bool Unreachable { get; set; }

    /// <summary>For <c>if</c>: where the false arm starts.</summary>
    public Label ElseLabel { get; init; }

    public bool HasElse { get; set; }

    /// <summary>For <c>if</c> with parameters: they are kept here so both arms can start with them.</summary>
    public LocalBuilder[]? IfParameters { get; init; }
}
