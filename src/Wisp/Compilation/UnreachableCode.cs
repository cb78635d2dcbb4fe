using Wisp.Instructions;

namespace Wisp.Compilation;

/// <summary>
/// Walks code after <c>br</c>, <c>br_table</c>, <c>return</c> or <c>unreachable</c>, which never runs,
/// up to the <c>else</c> or <c>end</c> of the frame it is in: the blocks nested inside it are counted
/// so that their own <c>else</c> and <c>end</c> are passed over. Used by the compiler and by the
/// bounds-check plan, which both skip such code.
/// </summary>
internal struct UnreachableCode
{
    private int _depth;

    /// <summary>Starts over at the top of a frame's unreachable tail.</summary>
    public void Enter() => _depth = 0;

    /// <summary>Whether <paramref name="opcode"/>, met in unreachable code, is the frame's own <c>else</c> or <c>end</c>, where reachable code may resume.</summary>
    public bool Ends(Opcode opcode)
    {
        switch (opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                _depth++;
                return false;
            case Opcode.Else:
                return _depth == 0;
            case Opcode.End when _depth > 0:
                _depth--;
                return false;
            case Opcode.End:
                return true;
            default:
                return false;
        }
    }
}
