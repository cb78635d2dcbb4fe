using Wisp.Fuzz.Transcripts;
using Wisp.Model;

namespace Wisp.Fuzz.Tests;

public sealed class NeutralValueTests
{
    [Theory]
    [InlineData(0x7fc00000u)]
    [InlineData(0xffc00000u)]
    [InlineData(0x7fa00001u)]
    public void Every_f32_nan_prints_the_same(uint bits) => Assert.Equal("f32:nan", NeutralValue.F32Bits(bits).ToString());

    [Fact]
    public void Every_f64_nan_prints_the_same() =>
        Assert.Equal(NeutralValue.F64Bits(0x7ff8000000000000).ToString(), NeutralValue.F64Bits(0xfff4000000000001).ToString());

    [Fact]
    public void Other_floats_keep_their_bits_including_the_sign_of_zero() =>
        Assert.NotEqual(NeutralValue.F32Bits(0x00000000).ToString(), NeutralValue.F32Bits(0x80000000).ToString());

    [Fact]
    public void References_print_only_nullness() =>
        Assert.Equal("funcref:null", NeutralValue.Reference(ValType.FuncRef, isNull: true).ToString());
}
