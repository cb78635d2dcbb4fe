using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class NumericConversionsTests
{
    [Theory]
    [InlineData(-2147483648.9, int.MinValue)]
    [InlineData(2147483647.9, int.MaxValue)]
    [InlineData(-0.9, 0)]
    public void I32TruncF64SAcceptsTheWholeRange(double input, int expected) =>
        Assert.Equal(expected, NumericConversions.I32TruncF64S(input));

    [Theory]
    [InlineData(-2147483649.0, TrapCode.IntegerOverflow)]
    [InlineData(2147483648.0, TrapCode.IntegerOverflow)]
    [InlineData(double.NaN, TrapCode.InvalidConversionToInteger)]
    [InlineData(double.NegativeInfinity, TrapCode.IntegerOverflow)]
    public void I32TruncF64STrapsOutsideTheRange(double input, TrapCode code) =>
        Assert.Equal(code, Assert.Throws<TrapException>(() => NumericConversions.I32TruncF64S(input)).Code);

    [Fact]
    public void UnsignedTruncationsBoundAtMinusOneAndTwoToTheWidth()
    {
        Assert.Equal(0, NumericConversions.I32TruncF32U(-0.99f));
        Assert.Equal(-1, NumericConversions.I32TruncF64U(4294967295.5));
        Assert.Throws<TrapException>(() => NumericConversions.I32TruncF64U(4294967296.0));
        Assert.Throws<TrapException>(() => NumericConversions.I64TruncF32U(-1f));
        Assert.Equal(long.MinValue, NumericConversions.I64TruncF32S(-9223372036854775808f));
        Assert.Throws<TrapException>(() => NumericConversions.I64TruncF32S(9223372036854775808f));
    }

    [Fact]
    public void SaturatingTruncationsClampAndMapNaNToZero()
    {
        Assert.Equal(int.MinValue, NumericConversions.I32TruncSatF64S(double.NegativeInfinity));
        Assert.Equal(-1, NumericConversions.I32TruncSatF32U(1e10f));
        Assert.Equal(0, NumericConversions.I32TruncSatF32U(-5f));
        Assert.Equal(0L, NumericConversions.I64TruncSatF64S(double.NaN));
        Assert.Equal(long.MaxValue, NumericConversions.I64TruncSatF64S(1e19));
        Assert.Equal(-1L, NumericConversions.I64TruncSatF64U(1e20));
    }

    [Fact]
    public void UnsignedI64ToFloatRoundsToNearestEvenOnce()
    {
        Assert.Equal(9223372036854775808f, NumericConversions.F32ConvertI64U(long.MinValue));
        Assert.Equal(0x5F000001u, BitConverter.SingleToUInt32Bits(NumericConversions.F32ConvertI64U(unchecked((long)0x8000_0080_0000_0001ul))));
        Assert.Equal(0x5F000000u, BitConverter.SingleToUInt32Bits(NumericConversions.F32ConvertI64U(unchecked((long)0x8000_0080_0000_0000ul))));
        Assert.Equal(0x43E0000000000001ul, BitConverter.DoubleToUInt64Bits(NumericConversions.F64ConvertI64U(unchecked((long)0x8000_0000_0000_0401ul))));
        Assert.Equal(18446744073709551616.0, NumericConversions.F64ConvertI64U(-1));
    }
}
