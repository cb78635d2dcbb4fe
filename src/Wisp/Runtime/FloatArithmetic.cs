using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wisp.Runtime;

/// <summary>
/// Float operators whose Wasm semantics differ from a plain .NET call (spec 4.3.3). Sign operations
/// work on the integer bits so that NaN payloads pass through untouched; min/max quiet NaN inputs
/// (Wasm requires an arithmetic NaN) where <see cref="Math.Min(double,double)"/> may return a
/// signalling NaN as is.
/// </summary>
internal static class FloatArithmetic
{
    private const uint F32Sign = 0x8000_0000u;
    private const ulong F64Sign = 0x8000_0000_0000_0000ul;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float x) => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(x) & ~F32Sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Neg(float x) => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(x) ^ F32Sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CopySign(float x, float y) => BitConverter.UInt32BitsToSingle(
        (BitConverter.SingleToUInt32Bits(x) & ~F32Sign) | (BitConverter.SingleToUInt32Bits(y) & F32Sign));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Abs(double x) => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(x) & ~F64Sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Neg(double x) => BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(x) ^ F64Sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CopySign(double x, double y) => BitConverter.UInt64BitsToDouble(
        (BitConverter.DoubleToUInt64Bits(x) & ~F64Sign) | (BitConverter.DoubleToUInt64Bits(y) & F64Sign));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.SingleToUInt32Bits(a) > BitConverter.SingleToUInt32Bits(b) ? a : b; // -0 < +0
        return a < b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.SingleToUInt32Bits(a) > BitConverter.SingleToUInt32Bits(b) ? b : a;
        return a > b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Min(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.DoubleToUInt64Bits(a) > BitConverter.DoubleToUInt64Bits(b) ? a : b;
        return a < b ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.DoubleToUInt64Bits(a) > BitConverter.DoubleToUInt64Bits(b) ? b : a;
        return a > b ? a : b;
    }

    /// <summary>Round half to even (Wasm <c>nearest</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Nearest(float x) => MathF.Round(x, MidpointRounding.ToEven);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Nearest(double x) => Math.Round(x, MidpointRounding.ToEven);

    /// <summary>
    /// <c>f32.reinterpret_i32</c>. Not <see cref="BitConverter.Int32BitsToSingle"/>: RyuJIT (.NET 10, optimised
    /// code) folds that bit cast of a narrow memory load (<c>i32.load8_u</c>, <c>i32.load16_s</c>, ...) into a
    /// 4-byte float load, reading bytes the guest never asked for. Moving the bits through a vector
    /// register is not folded that way and compiles to the same single <c>movd</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SingleFromBits(int bits) => Vector128.CreateScalarUnsafe(bits).AsSingle().ToScalar();

    /// <summary>
    /// Materialises a float constant from its bits through an opaque call, for signalling NaNs only:
    /// the JIT folds constant bit casts through <c>double</c>, which would quiet them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float SingleFromBitsOpaque(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    /// <inheritdoc cref="SingleFromBitsOpaque"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double DoubleFromBitsOpaque(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
}
