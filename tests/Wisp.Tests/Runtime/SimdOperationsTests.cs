using System.Runtime.Intrinsics;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class SimdOperationsTests
{
    /// <summary>
    /// The compiler calls the SimdOperations method named after each SIMD opcode with the operands in
    /// stack order, then the immediates; its parameters and result must match the opcode's signature.
    /// </summary>
    [Fact]
    public void EverySimdOpcodeHasAMethodOfItsSignature()
    {
        var simd = OpcodeTable.All.Where(i => i.Prefix == 0xFD).ToList();
        Assert.Equal(236, simd.Count);
        foreach (var info in simd)
        {
            var method = typeof(SimdOperations).GetMethod(info.Opcode.ToString());
            Assert.True(method is not null, $"no SimdOperations.{info.Opcode}");
            var expected = info.Signature!.Pops.Select(ClrType).ToList();
            if (info.Immediate is ImmediateKind.MemArg or ImmediateKind.MemArgLane)
            {
                expected[0] = typeof(byte*);
            }

            expected.AddRange(info.Immediate switch
            {
                ImmediateKind.Lane or ImmediateKind.MemArgLane => [typeof(int)],
                ImmediateKind.V128 or ImmediateKind.Shuffle => [typeof(ulong), typeof(ulong)],
                _ => [],
            });
            Assert.Equal(expected, method!.GetParameters().Select(p => p.ParameterType));
            Assert.Equal(info.Signature.Pushes.Length == 0 ? typeof(void) : ClrType(info.Signature.Pushes[0]), method.ReturnType);
        }
    }

    [Fact]
    public void SwizzleIndicesOutOfRangeSelectZero()
    {
        var a = Vector128.Create((byte)10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
        var indices = Vector128.Create((byte)0, 15, 16, 17, 31, 32, 127, 128, 129, 200, 255, 1, 2, 3, 4, 5);

        var result = SimdOperations.I8x16Swizzle(a, indices);

        Assert.Equal(Vector128.Create((byte)10, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, 12, 13, 14, 15), result);
    }

    [Fact]
    public void FloatMinAndMaxOrderZerosAndPropagateNaN()
    {
        var a = Vector128.Create(0f, -0f, float.NaN, 1f).AsByte();
        var b = Vector128.Create(-0f, 0f, 1f, float.NaN).AsByte();

        var min = SimdOperations.F32x4Min(a, b).AsUInt32();
        var max = SimdOperations.F32x4Max(a, b).AsUInt32();

        Assert.Equal(0x8000_0000u, min.GetElement(0));
        Assert.Equal(0x8000_0000u, min.GetElement(1));
        Assert.Equal(0u, max.GetElement(0));
        Assert.Equal(0u, max.GetElement(1));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(min.GetElement(2))));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(max.GetElement(3))));
    }

    [Fact]
    public void Q15MultiplySaturatesOnlyTheOverflowingLane()
    {
        var a = Vector128.Create(short.MinValue, short.MinValue, (short)16384, 0, 0, 0, 0, 0).AsByte();
        var b = Vector128.Create(short.MinValue, short.MaxValue, (short)16384, 0, 0, 0, 0, 0).AsByte();

        var result = SimdOperations.I16x8Q15mulrSatS(a, b).AsInt16();

        Assert.Equal(short.MaxValue, result.GetElement(0));
        Assert.Equal(short.MinValue + 1, result.GetElement(1));
        Assert.Equal((short)8192, result.GetElement(2));
    }

    private static Type ClrType(ValType type) => type switch
    {
        ValType.I32 => typeof(int),
        ValType.I64 => typeof(long),
        ValType.F32 => typeof(float),
        ValType.F64 => typeof(double),
        _ => typeof(Vector128<byte>),
    };
}
