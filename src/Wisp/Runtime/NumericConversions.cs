using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// Float-to-integer truncations (trapping and saturating) and unsigned 64-bit to float conversions
/// (spec 4.3.3 "Conversions"). Range checks are written with exact powers of two, which are exactly
/// representable in both float widths, so no bound is rounded.
/// </summary>
internal static class NumericConversions
{
    private const float TwoPow31F = 2147483648f;
    private const float TwoPow32F = 4294967296f;
    private const float TwoPow63F = 9223372036854775808f;
    private const float TwoPow64F = 18446744073709551616f;
    private const double TwoPow31 = 2147483648.0;
    private const double TwoPow32 = 4294967296.0;
    private const double TwoPow63 = 9223372036854775808.0;
    private const double TwoPow64 = 18446744073709551616.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32S(float x)
    {
        if (!(x >= -TwoPow31F && x < TwoPow31F)) ThrowTruncation(float.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32U(float x)
    {
        if (!(x > -1f && x < TwoPow32F)) ThrowTruncation(float.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64S(double x)
    {
        if (!(x > -TwoPow31 - 1.0 && x < TwoPow31)) ThrowTruncation(double.IsNaN(x));
        return (int)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64U(double x)
    {
        if (!(x > -1.0 && x < TwoPow32)) ThrowTruncation(double.IsNaN(x));
        return (int)(uint)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32S(float x)
    {
        if (!(x >= -TwoPow63F && x < TwoPow63F)) ThrowTruncation(float.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32U(float x)
    {
        if (!(x > -1f && x < TwoPow64F)) ThrowTruncation(float.IsNaN(x));
        return (long)(ulong)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64S(double x)
    {
        if (!(x >= -TwoPow63 && x < TwoPow63)) ThrowTruncation(double.IsNaN(x));
        return (long)x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64U(double x)
    {
        if (!(x > -1.0 && x < TwoPow64)) ThrowTruncation(double.IsNaN(x));
        return (long)(ulong)x;
    }

    public static int I32TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x < -TwoPow31F ? int.MinValue : x >= TwoPow31F ? int.MaxValue : (int)x;

    public static int I32TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= TwoPow32F ? -1 : (int)(uint)x;

    public static int I32TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x <= -TwoPow31 - 1.0 ? int.MinValue : x >= TwoPow31 ? int.MaxValue : (int)x;

    public static int I32TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= TwoPow32 ? -1 : (int)(uint)x;

    public static long I64TruncSatF32S(float x) =>
        float.IsNaN(x) ? 0 : x < -TwoPow63F ? long.MinValue : x >= TwoPow63F ? long.MaxValue : (long)x;

    public static long I64TruncSatF32U(float x) =>
        float.IsNaN(x) || x <= -1f ? 0 : x >= TwoPow64F ? -1 : (long)(ulong)x;

    public static long I64TruncSatF64S(double x) =>
        double.IsNaN(x) ? 0 : x < -TwoPow63 ? long.MinValue : x >= TwoPow63 ? long.MaxValue : (long)x;

    public static long I64TruncSatF64U(double x) =>
        double.IsNaN(x) || x <= -1.0 ? 0 : x >= TwoPow64 ? -1 : (long)(ulong)x;

    /// <summary>
    /// u64 to f32 with one rounding. Going through <c>double</c> (what <c>conv.r.un; conv.r4</c> means)
    /// rounds twice. Values at or above 2^63 are halved first, keeping the lost bit as a sticky bit so
    /// the single signed conversion still rounds to nearest-even correctly; doubling is then exact.
    /// </summary>
    public static float F32ConvertI64U(long value)
    {
        var x = (ulong)value;
        if ((long)x >= 0) return (float)(long)x;
        var halved = (long)((x >> 1) | (x & 1));
        return (float)halved * 2f;
    }

    /// <summary>u64 to f64 with one rounding; see <see cref="F32ConvertI64U"/>.</summary>
    public static double F64ConvertI64U(long value)
    {
        var x = (ulong)value;
        if ((long)x >= 0) return (double)(long)x;
        var halved = (long)((x >> 1) | (x & 1));
        return (double)halved * 2.0;
    }

    /// <summary>f64 → f32 behind a call the JIT cannot see through (see the compiler's use).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float DemoteOpaque(double x) => (float)x;

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTruncation(bool isNaN)
    {
        if (isNaN) Trap.ThrowInvalidConversion();
        Trap.ThrowIntegerOverflow();
    }
}
