using Wisp.Diagnostics;
using Wisp.Instructions;

namespace Wisp.Validation;

// SIMD operators are typed by their fixed signatures; only their lane-index immediates need checking.
internal sealed partial class FunctionValidator
{
    private static void CheckLaneIndices(in Instruction instruction, OpcodeInfo info)
    {
        var lanes = LaneCount.Of(info);
        if (lanes == 0)
        {
            return;
        }

        if (info.Immediate == ImmediateKind.Shuffle)
        {
            // Each of the 16 mask bytes picks one of the 32 lanes of the two inputs.
            for (var i = 0; i < 16; i++)
            {
                var lane = (byte)((i < 8 ? instruction.Value : instruction.High) >> (8 * (i & 7)));
                if (lane >= lanes)
                {
                    throw new InvalidModuleException("invalid lane index", instruction.Offset);
                }
            }
        }
        else if (instruction.Lane >= lanes)
        {
            throw new InvalidModuleException("invalid lane index", instruction.Offset);
        }
    }
}
