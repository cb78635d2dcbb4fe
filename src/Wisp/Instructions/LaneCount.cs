namespace Wisp.Instructions;

/// <summary>How many lanes the lane-index immediate of a SIMD operator can address.</summary>
public static class LaneCount
{
    /// <summary>
    /// Lanes of the operator's interpretation of a v128: the shape prefix of extract/replace_lane
    /// ("i16x8" → 8), the access width of a lane load/store (16 / width), 32 for a shuffle's two inputs.
    /// </summary>
    public static int Of(OpcodeInfo info) => info.Immediate switch
    {
        ImmediateKind.Lane => 16 / LaneBytes(info.Mnemonic),
        ImmediateKind.MemArgLane => 16 / info.AccessWidth,
        ImmediateKind.Shuffle => 32,
        _ => 0,
    };

    private static int LaneBytes(string mnemonic) => mnemonic.AsSpan(0, mnemonic.IndexOf('x')) switch
    {
        "i8" => 1,
        "i16" => 2,
        "i32" or "f32" => 4,
        _ => 8,
    };
}
