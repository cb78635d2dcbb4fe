using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Wisp.Runtime;

/// <summary>
/// The semantics of the v128 instructions (spec 4.3.2, 4.4.3) on <see cref="Vector128{T}"/>, which
/// compiled code holds as <c>Vector128&lt;byte&gt;</c> and reinterprets per lane shape for free. Each
/// method is named after its <see cref="Wisp.Instructions.Opcode"/> and takes the Wasm operands in
/// stack order, then any immediate, so the compiler can call it without shuffling. Vector128 lowers to
/// SSE/AVX on x64 and AdvSimd on Arm64 and falls back to software elsewhere; the few operations whose
/// Wasm semantics have a direct instruction take it behind an IsSupported check the JIT folds away.
/// </summary>
internal static partial class SimdOperations
{
    // Boundaries: constants, globals and the host's Value carry a v128 as two little-endian halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Const(ulong low, ulong high) => Vector128.Create(low, high).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 FromValue(in Value value) => Vector128.Create(value.Bits, value.High).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value ToValue(V128 v) => Value.FromV128(v.AsUInt64().GetElement(0), v.AsUInt64().GetElement(1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 LoadGlobal(GlobalInstance global) => Vector128.Create(global.Bits, global.High).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreGlobal(GlobalInstance global, V128 v)
    {
        global.Bits = v.AsUInt64().GetElement(0);
        global.High = v.AsUInt64().GetElement(1);
    }

    // Bitwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Not(V128 a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128And(V128 a, V128 b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Andnot(V128 a, V128 b) => Vector128.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Or(V128 a, V128 b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Xor(V128 a, V128 b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Bitselect(V128 a, V128 b, V128 mask) => Vector128.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int V128AnyTrue(V128 a) => a != V128.Zero ? 1 : 0;

    // Lane access: the lane index is an immediate the JIT sees as a constant once inlined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Splat(int x) => Vector128.Create((byte)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Splat(int x) => Vector128.Create((ushort)x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Splat(int x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Splat(long x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4Splat(float x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2Splat(double x) => Vector128.Create(x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneS(V128 a, int lane) => a.AsSByte().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneU(V128 a, int lane) => a.GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ReplaceLane(V128 a, int x, int lane) => a.WithElement(lane, (byte)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneS(V128 a, int lane) => a.AsInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneU(V128 a, int lane) => a.AsUInt16().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ReplaceLane(V128 a, int x, int lane) => a.AsUInt16().WithElement(lane, (ushort)x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4ExtractLane(V128 a, int lane) => a.AsInt32().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ReplaceLane(V128 a, int x, int lane) => a.AsInt32().WithElement(lane, x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64x2ExtractLane(V128 a, int lane) => a.AsInt64().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ReplaceLane(V128 a, long x, int lane) => a.AsInt64().WithElement(lane, x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32x4ExtractLane(V128 a, int lane) => a.AsSingle().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F32x4ReplaceLane(V128 a, float x, int lane) => a.AsSingle().WithElement(lane, x).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64x2ExtractLane(V128 a, int lane) => a.AsDouble().GetElement(lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 F64x2ReplaceLane(V128 a, double x, int lane) => a.AsDouble().WithElement(lane, x).AsByte();

    /// <summary>Lanes of <paramref name="a"/> picked by <paramref name="indices"/>; an index of 16 or more picks 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Swizzle(V128 a, V128 indices)
    {
        if (Ssse3.IsSupported)
        {
            // pshufb zeroes a lane whose index has the top bit set; saturating +0x70 sets it for 16..255
            // and keeps the low nibble of 0..15.
            return Ssse3.Shuffle(a, Vector128.AddSaturate(indices, Vector128.Create((byte)0x70)));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(a, indices);
        }

        return Vector128.Shuffle(a, indices);
    }

    /// <summary>The 16 mask bytes (two halves, little-endian) pick lanes 0..15 of <paramref name="a"/> or 16..31 of <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Shuffle(V128 a, V128 b, ulong maskLow, ulong maskHigh)
    {
        var mask = Vector128.Create(maskLow, maskHigh).AsByte();

        // Out-of-range indices select 0, so each input contributes only its own lanes; mask - 16 wraps
        // the first input's indices out of range for the second.
        var fromB = mask - Vector128.Create((byte)16);
        return I8x16Swizzle(a, mask) | I8x16Swizzle(b, fromB);
    }
}
