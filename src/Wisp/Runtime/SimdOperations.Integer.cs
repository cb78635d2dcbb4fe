using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Wisp.Runtime;

// Integer v128 instructions.
internal static partial class SimdOperations
{
    // Comparisons yield all-ones or all-zeros lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Eq(V128 a, V128 b) => Vector128.Equals(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsSByte(), b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LtS(V128 a, V128 b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LtU(V128 a, V128 b) => Vector128.LessThan(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GtU(V128 a, V128 b) => Vector128.GreaterThan(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Eq(V128 a, V128 b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LtU(V128 a, V128 b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GtU(V128 a, V128 b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Eq(V128 a, V128 b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LtU(V128 a, V128 b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GtU(V128 a, V128 b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4LeU(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4GeU(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Eq(V128 a, V128 b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Ne(V128 a, V128 b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2LtS(V128 a, V128 b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2GtS(V128 a, V128 b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2LeS(V128 a, V128 b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2GeS(V128 a, V128 b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // Lane-wise arithmetic wraps; shift counts are taken modulo the lane width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Add(V128 a, V128 b) => (a.AsSByte() + b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Sub(V128 a, V128 b) => (a.AsSByte() - b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Neg(V128 a) => (Vector128<sbyte>.Zero - a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsSByte(), count & 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsByte(), count & 7).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16AllTrue(V128 a) => Vector128.EqualsAny(a.AsSByte(), Vector128<sbyte>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsSByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Add(V128 a, V128 b) => (a.AsInt16() + b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Sub(V128 a, V128 b) => (a.AsInt16() - b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Mul(V128 a, V128 b) => (a.AsInt16() * b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Neg(V128 a) => (Vector128<short>.Zero - a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8AllTrue(V128 a) => Vector128.EqualsAny(a.AsInt16(), Vector128<short>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt16());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Add(V128 a, V128 b) => (a.AsInt32() + b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Sub(V128 a, V128 b) => (a.AsInt32() - b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Mul(V128 a, V128 b) => (a.AsInt32() * b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Neg(V128 a) => (Vector128<int>.Zero - a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4AllTrue(V128 a) => Vector128.EqualsAny(a.AsInt32(), Vector128<int>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Add(V128 a, V128 b) => (a.AsInt64() + b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Sub(V128 a, V128 b) => (a.AsInt64() - b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Mul(V128 a, V128 b) => (a.AsInt64() * b.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Neg(V128 a) => (Vector128<long>.Zero - a.AsInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Shl(V128 a, int count) => Vector128.ShiftLeft(a.AsInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ShrS(V128 a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ShrU(V128 a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2AllTrue(V128 a) => Vector128.EqualsAny(a.AsInt64(), Vector128<long>.Zero) ? 0 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2Bitmask(V128 a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AddSatS(V128 a, V128 b) => Vector128.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AddSatU(V128 a, V128 b) => Vector128.AddSaturate(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16SubSatS(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16SubSatU(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AddSatS(V128 a, V128 b) => Vector128.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AddSatU(V128 a, V128 b) => Vector128.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8SubSatS(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8SubSatU(V128 a, V128 b) => Vector128.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MinS(V128 a, V128 b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MinU(V128 a, V128 b) => Vector128.Min(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MaxS(V128 a, V128 b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16MaxU(V128 a, V128 b) => Vector128.Max(a.AsByte(), b.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MinS(V128 a, V128 b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MinU(V128 a, V128 b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MaxS(V128 a, V128 b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8MaxU(V128 a, V128 b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MinS(V128 a, V128 b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MinU(V128 a, V128 b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MaxS(V128 a, V128 b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4MaxU(V128 a, V128 b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    // Widening: extend, extended multiply.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendLowI8x16S(V128 a) => Vector128.WidenLower(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendLowI8x16U(V128 a) => Vector128.WidenLower(a.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) => (Vector128.WidenLower(a.AsByte()) * Vector128.WidenLower(b.AsByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendHighI8x16S(V128 a) => Vector128.WidenUpper(a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtendHighI8x16U(V128 a) => Vector128.WidenUpper(a.AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) => (Vector128.WidenUpper(a.AsByte()) * Vector128.WidenUpper(b.AsByte())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendLowI16x8S(V128 a) => Vector128.WidenLower(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendLowI16x8U(V128 a) => Vector128.WidenLower(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendHighI16x8S(V128 a) => Vector128.WidenUpper(a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtendHighI16x8U(V128 a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendLowI32x4S(V128 a) => Vector128.WidenLower(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendLowI32x4U(V128 a) => Vector128.WidenLower(a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendHighI32x4S(V128 a) => Vector128.WidenUpper(a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtendHighI32x4U(V128 a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    // Absolute value wraps (the most negative lane stays as it is), unlike Math.Abs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Abs(V128 a) => Ssse3.IsSupported
        ? Ssse3.Abs(a.AsSByte())
        : Vector128.ConditionalSelect(Vector128.LessThan(a.AsSByte(), Vector128<sbyte>.Zero), -a.AsSByte(), a.AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Abs(V128 a) => Ssse3.IsSupported
        ? Ssse3.Abs(a.AsInt16()).AsByte()
        : Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt16(), Vector128<short>.Zero), -a.AsInt16(), a.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4Abs(V128 a) => Ssse3.IsSupported
        ? Ssse3.Abs(a.AsInt32()).AsByte()
        : Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt32(), Vector128<int>.Zero), -a.AsInt32(), a.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I64x2Abs(V128 a) =>
        Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt64(), Vector128<long>.Zero), -a.AsInt64(), a.AsInt64()).AsByte();

    /// <summary>Bits set per byte: a 16-entry table looked up by each nibble.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16Popcnt(V128 a)
    {
        if (AdvSimd.IsSupported)
        {
            return AdvSimd.PopCount(a);
        }

        var table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = a & Vector128.Create((byte)0x0F);
        var high = Vector128.ShiftRightLogical(a, 4);
        return I8x16Swizzle(table, low) + I8x16Swizzle(table, high);
    }

    /// <summary>Rounding average (a + b + 1) / 2 without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16AvgrU(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.Average(a, b);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedAddRoundedHalving(a, b);
        }

        return (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8AvgrU(V128 a, V128 b)
    {
        var x = a.AsUInt16();
        var y = b.AsUInt16();
        if (Sse2.IsSupported)
        {
            return Sse2.Average(x, y).AsByte();
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedAddRoundedHalving(x, y).AsByte();
        }

        return ((x | y) - Vector128.ShiftRightLogical(x ^ y, 1)).AsByte();
    }

    /// <summary>Q15 rounding multiply, (a * b + 0x4000) >> 15, saturated: only -1 * -1 overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8Q15mulrSatS(V128 a, V128 b)
    {
        var x = a.AsInt16();
        var y = b.AsInt16();
        if (AdvSimd.IsSupported)
        {
            return AdvSimd.MultiplyRoundedDoublingSaturateHigh(x, y).AsByte();
        }

        if (Ssse3.IsSupported)
        {
            // pmulhrsw computes the same but wraps 0x8000 * 0x8000 to 0x8000; flip that to 0x7fff.
            var minimum = Vector128.Create(short.MinValue);
            var overflow = Vector128.Equals(x, minimum) & Vector128.Equals(y, minimum);
            return (Ssse3.MultiplyHighRoundScale(x, y) ^ overflow).AsByte();
        }

        var rounding = Vector128.Create(0x4000);
        var low = Vector128.ShiftRightArithmetic(Vector128.WidenLower(x) * Vector128.WidenLower(y) + rounding, 15);
        var high = Vector128.ShiftRightArithmetic(Vector128.WidenUpper(x) * Vector128.WidenUpper(y) + rounding, 15);
        return Vector128.NarrowWithSaturation(low, high).AsByte();
    }

    /// <summary>Sums of adjacent signed 16-bit products, wrapping in 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4DotI16x8S(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();
        }

        // Each 32-bit lane holds an even (low) and odd (high) 16-bit lane; split them by shifting.
        var x = a.AsInt32();
        var y = b.AsInt32();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(y, 16), 16);
        var odd = Vector128.ShiftRightArithmetic(x, 16) * Vector128.ShiftRightArithmetic(y, 16);
        return (even + odd).AsByte();
    }

    // Pairwise extended add: each wide lane is the sum of the two narrow lanes it overlays.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtaddPairwiseI8x16S(V128 a)
    {
        var x = a.AsInt16();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 8), 8) + Vector128.ShiftRightArithmetic(x, 8)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8ExtaddPairwiseI8x16U(V128 a)
    {
        var x = a.AsUInt16();
        return ((x & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(x, 8)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtaddPairwiseI16x8S(V128 a)
    {
        var x = a.AsInt32();
        return (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16) + Vector128.ShiftRightArithmetic(x, 16)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I32x4ExtaddPairwiseI16x8U(V128 a)
    {
        var x = a.AsUInt32();
        return ((x & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(x, 16)).AsByte();
    }

    // Narrowing saturates signed inputs to the signed or unsigned range of the narrow lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16NarrowI16x8S(V128 a, V128 b) => Vector128.NarrowWithSaturation(a.AsInt16(), b.AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I8x16NarrowI16x8U(V128 a, V128 b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
        }

        // Negative lanes become 0; the rest are in range for an unsigned saturating narrow.
        var x = Vector128.Max(a.AsInt16(), Vector128<short>.Zero).AsUInt16();
        var y = Vector128.Max(b.AsInt16(), Vector128<short>.Zero).AsUInt16();
        return Vector128.NarrowWithSaturation(x, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8NarrowI32x4S(V128 a, V128 b) => Vector128.NarrowWithSaturation(a.AsInt32(), b.AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 I16x8NarrowI32x4U(V128 a, V128 b)
    {
        if (Sse41.IsSupported)
        {
            return Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
        }

        var x = Vector128.Max(a.AsInt32(), Vector128<int>.Zero).AsUInt32();
        var y = Vector128.Max(b.AsInt32(), Vector128<int>.Zero).AsUInt32();
        return Vector128.NarrowWithSaturation(x, y).AsByte();
    }
}
