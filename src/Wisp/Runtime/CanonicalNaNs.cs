using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wisp.Runtime;

/// <summary>
/// Replaces a NaN by the canonical NaN (positive, quiet, zero payload) for code compiled with
/// <see cref="Engine.CanonicalizeNaNs"/>. Lanes are NaN exactly where they are not equal to themselves.
/// </summary>
internal static class CanonicalNaNs
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Single(float value) => !float.IsNaN(value) ? value : BitConverter.UInt32BitsToSingle(0x7FC0_0000);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Double(double value) => !double.IsNaN(value) ? value : BitConverter.UInt64BitsToDouble(0x7FF8_0000_0000_0000);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> SingleLanes(Vector128<byte> value)
    {
        var lanes = value.AsSingle();
        var ordered = Vector128.Equals(lanes, lanes);
        return Vector128.ConditionalSelect(ordered, lanes, Vector128.Create(0x7FC0_0000u).AsSingle()).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> DoubleLanes(Vector128<byte> value)
    {
        var lanes = value.AsDouble();
        var ordered = Vector128.Equals(lanes, lanes);
        return Vector128.ConditionalSelect(ordered, lanes, Vector128.Create(0x7FF8_0000_0000_0000ul).AsDouble()).AsByte();
    }
}
