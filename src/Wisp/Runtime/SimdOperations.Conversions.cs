using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Wisp.Runtime;

// Conversions between lane types. Float to integer truncation saturates and maps NaN to 0 (trunc_sat).
internal static partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ConvertI32x4S(V128 a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ConvertI32x4U(V128 a)
    {
        // Split each lane into its high and low 16 bits: both convert exactly, and the one rounding
        // happens in the final add, so the result is the correctly rounded value of the whole lane.
        var x = a.AsUInt32();
        var high = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(x, 16).AsInt32()) * Vector128.Create(65536f);
        var low = Vector128.ConvertToSingle((x & Vector128.Create(0xFFFFu)).AsInt32());
        return (high + low).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF32x4S(V128 a)
    {
        var x = a.AsSingle();
        if (Sse2.IsSupported)
        {
            // cvttps2dq yields 0x80000000 for NaN and out-of-range lanes: fix up NaN and positive overflow.
            var converted = Sse2.ConvertToVector128Int32WithTruncation(x);
            var positiveOverflow = Vector128.GreaterThanOrEqual(x, Vector128.Create(2147483648f)).AsInt32();
            converted ^= positiveOverflow;
            return (converted & Vector128.Equals(x, x).AsInt32()).AsByte();
        }

        return Vector128.Create(
            SaturateToInt32(x.GetElement(0)),
            SaturateToInt32(x.GetElement(1)),
            SaturateToInt32(x.GetElement(2)),
            SaturateToInt32(x.GetElement(3))).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF32x4U(V128 a)
    {
        var x = a.AsSingle();
        return Vector128.Create(
            SaturateToUInt32(x.GetElement(0)),
            SaturateToUInt32(x.GetElement(1)),
            SaturateToUInt32(x.GetElement(2)),
            SaturateToUInt32(x.GetElement(3))).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF64x2SZero(V128 a)
    {
        var x = a.AsDouble();
        return Vector128.Create(SaturateToInt32(x.GetElement(0)), SaturateToInt32(x.GetElement(1)), 0, 0).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4TruncSatF64x2UZero(V128 a)
    {
        var x = a.AsDouble();
        return Vector128.Create(SaturateToUInt32(x.GetElement(0)), SaturateToUInt32(x.GetElement(1)), 0u, 0u).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ConvertLowI32x4S(V128 a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ConvertLowI32x4U(V128 a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4DemoteF64x2Zero(V128 a) => Vector128.Narrow(a.AsDouble(), Vector128<double>.Zero).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2PromoteLowF32x4(V128 a) => Vector128.WidenLower(a.AsSingle()).AsByte();

    // Spelled out rather than relying on the cast: the scalar cast's out-of-range behaviour is the platform's.
    private static int SaturateToInt32(double x) =>
        double.IsNaN(x) ? 0 : x <= int.MinValue ? int.MinValue : x >= 2147483647.0 ? int.MaxValue : (int)x;

    private static uint SaturateToUInt32(double x) =>
        double.IsNaN(x) || x <= 0 ? 0 : x >= 4294967295.0 ? uint.MaxValue : (uint)x;
}
