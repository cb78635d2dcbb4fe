using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class FloatArithmeticTests
{
    [Fact]
    public void MinAndMaxOrderSignedZeros()
    {
        Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(FloatArithmetic.Min(0f, -0f)));
        Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(FloatArithmetic.Min(-0f, 0f)));
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(FloatArithmetic.Max(-0f, 0f)));
        Assert.Equal(0ul, BitConverter.DoubleToUInt64Bits(FloatArithmetic.Max(0d, -0d)));
    }

    [Fact]
    public void MinAndMaxQuietASignallingNaN()
    {
        var signalling = BitConverter.UInt32BitsToSingle(0x7FA00000u);
        Assert.Equal(0x7FE00000u, BitConverter.SingleToUInt32Bits(FloatArithmetic.Min(signalling, 1f)));
        Assert.Equal(0x7FE00000u, BitConverter.SingleToUInt32Bits(FloatArithmetic.Max(1f, signalling)));
    }

    [Fact]
    public void SignOperationsKeepPayloads()
    {
        var nan = BitConverter.UInt64BitsToDouble(0x7FF4_0000_0000_0001ul);
        Assert.Equal(0xFFF4_0000_0000_0001ul, BitConverter.DoubleToUInt64Bits(FloatArithmetic.Neg(nan)));
        Assert.Equal(0x7FF4_0000_0000_0001ul, BitConverter.DoubleToUInt64Bits(FloatArithmetic.Abs(FloatArithmetic.Neg(nan))));
        Assert.Equal(0xFFF4_0000_0000_0001ul, BitConverter.DoubleToUInt64Bits(FloatArithmetic.CopySign(nan, -1d)));
    }

    [Theory]
    [InlineData(0.5f, 0f)]
    [InlineData(1.5f, 2f)]
    [InlineData(-2.5f, -2f)]
    [InlineData(8388609f, 8388609f)]
    public void NearestRoundsHalfToEven(float input, float expected) => Assert.Equal(expected, FloatArithmetic.Nearest(input));
}
