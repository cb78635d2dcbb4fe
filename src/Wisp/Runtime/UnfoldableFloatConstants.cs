namespace Wisp.Runtime;

/// <summary>
/// Float constants that compiled code loads from memory instead of embedding. RyuJIT folds
/// <c>x - 0</c>, <c>x * 1</c>, <c>x / 1</c>, <c>-1 * x</c>... to <c>x</c> or <c>-x</c>, which is IEEE-correct
/// except that it lets a signalling NaN through where Wasm requires an arithmetic (quiet) NaN. The
/// fields are deliberately mutable so the JIT cannot treat them as constants; nothing writes them.
/// </summary>
internal static class UnfoldableFloatConstants
{
#pragma warning disable CA2211 // Mutable on purpose, see above.
    public static float F32PositiveZero = 0f;
    public static float F32NegativeZero = -0f;
    public static float F32PositiveOne = 1f;
    public static float F32NegativeOne = -1f;
    public static double F64PositiveZero = 0d;
    public static double F64NegativeZero = -0d;
    public static double F64PositiveOne = 1d;
    public static double F64NegativeOne = -1d;
#pragma warning restore CA2211

    public static string? FieldFor(uint f32Bits) => f32Bits switch
    {
        0x0000_0000u => nameof(F32PositiveZero),
        0x8000_0000u => nameof(F32NegativeZero),
        0x3F80_0000u => nameof(F32PositiveOne),
        0xBF80_0000u => nameof(F32NegativeOne),
        _ => null,
    };

    public static string? FieldFor(ulong f64Bits) => f64Bits switch
    {
        0x0000_0000_0000_0000ul => nameof(F64PositiveZero),
        0x8000_0000_0000_0000ul => nameof(F64NegativeZero),
        0x3FF0_0000_0000_0000ul => nameof(F64PositiveOne),
        0xBFF0_0000_0000_0000ul => nameof(F64NegativeOne),
        _ => null,
    };
}
