using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V128 = System.Runtime.Intrinsics.Vector128<byte>;

namespace Wisp.Runtime;

// v128 loads and stores. Compiled code has already bounds-checked the access and passes the address
// of its first byte; Wasm memory is unaligned, so every access is.
internal static unsafe partial class SimdOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load(byte* address) => Vector128.Load(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store(byte* address, V128 value) => value.Store(address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8S(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsSByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8x8U(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsByte()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4S(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16x4U(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2S(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32x2U(byte* address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8Splat(byte* address) => Vector128.Create(Unsafe.ReadUnaligned<byte>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16Splat(byte* address) => Vector128.Create(Unsafe.ReadUnaligned<ushort>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Splat(byte* address) => Vector128.Create(Unsafe.ReadUnaligned<uint>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Splat(byte* address) => Vector128.Create(Unsafe.ReadUnaligned<ulong>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Zero(byte* address) => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Zero(byte* address) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load8Lane(byte* address, V128 value, int lane) => value.AsByte().WithElement(lane, Unsafe.ReadUnaligned<byte>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store8Lane(byte* address, V128 value, int lane) => Unsafe.WriteUnaligned(address, value.AsByte().GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load16Lane(byte* address, V128 value, int lane) => value.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store16Lane(byte* address, V128 value, int lane) => Unsafe.WriteUnaligned(address, value.AsUInt16().GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load32Lane(byte* address, V128 value, int lane) => value.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store32Lane(byte* address, V128 value, int lane) => Unsafe.WriteUnaligned(address, value.AsUInt32().GetElement(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 V128Load64Lane(byte* address, V128 value, int lane) => value.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(address)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void V128Store64Lane(byte* address, V128 value, int lane) => Unsafe.WriteUnaligned(address, value.AsUInt64().GetElement(lane));
}
