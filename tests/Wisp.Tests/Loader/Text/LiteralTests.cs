using Wisp.Loader.Text;

namespace Wisp.Tests.Loader.Text;

public class LiteralTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("-1", 0xFFFF_FFFFu)]
    [InlineData("4294967295", 0xFFFF_FFFFu)]
    [InlineData("-2147483648", 0x8000_0000u)]
    [InlineData("0x7fff_ffff", 0x7FFF_FFFFu)]
    [InlineData("+0x10", 16u)]
    [InlineData("1_000", 1000u)]
    public void ParsesI32(string text, uint expected)
    {
        Assert.Equal(LiteralStatus.Ok, IntegerLiteral.TryParseInteger(text, 32, out var value));
        Assert.Equal(expected, (uint)value);
    }

    [Theory]
    [InlineData("4294967296", true)]
    [InlineData("-2147483649", true)]
    [InlineData("0x1_0000_0000", true)]
    [InlineData("1__0", false)]
    [InlineData("_1", false)]
    [InlineData("1_", false)]
    [InlineData("0x", false)]
    [InlineData("0x_1", false)]
    [InlineData("1x", false)]
    public void RejectsBadI32(string text, bool outOfRange)
    {
        Assert.Equal(outOfRange ? LiteralStatus.OutOfRange : LiteralStatus.NotANumber, IntegerLiteral.TryParseInteger(text, 32, out _));
    }

    [Fact]
    public void ParsesI64Extremes()
    {
        Assert.Equal(LiteralStatus.Ok, IntegerLiteral.TryParseInteger("-9223372036854775808", 64, out var min));
        Assert.Equal(0x8000_0000_0000_0000UL, min);
        Assert.Equal(LiteralStatus.Ok, IntegerLiteral.TryParseInteger("18446744073709551615", 64, out var max));
        Assert.Equal(ulong.MaxValue, max);
        Assert.Equal(LiteralStatus.OutOfRange, IntegerLiteral.TryParseInteger("18446744073709551616", 64, out _));
        Assert.Equal(LiteralStatus.NotANumber, IntegerLiteral.TryParseUnsigned("-1", 32, out _));
    }

    [Theory]
    [InlineData("0", 0x0000_0000u)]
    [InlineData("-0", 0x8000_0000u)]
    [InlineData("1.5", 0x3FC0_0000u)]
    [InlineData("0x1.8p3", 0x4140_0000u)]
    [InlineData("inf", 0x7F80_0000u)]
    [InlineData("-inf", 0xFF80_0000u)]
    [InlineData("nan", 0x7FC0_0000u)]
    [InlineData("-nan", 0xFFC0_0000u)]
    [InlineData("nan:0x1", 0x7F80_0001u)]
    [InlineData("-nan:0x7f_ffff", 0xFFFF_FFFFu)]
    [InlineData("0x1p-149", 0x0000_0001u)]
    [InlineData("0x1p-150", 0x0000_0000u)]
    [InlineData("0x1.000002p-150", 0x0000_0001u)]
    [InlineData("0x1.fffffep127", 0x7F7F_FFFFu)]
    [InlineData("0x1.fffffefffffffffp127", 0x7F7F_FFFFu)]
    [InlineData("1e-45", 0x0000_0001u)]
    [InlineData("3.4028234e38", 0x7F7F_FFFFu)]
    [InlineData("1_000.000_1", 0x447A_0002u)]
    // 1 + 2^-24 + 2^-60 lies just above the f32 halfway point; via double it would become the halfway point and round down.
    [InlineData("1.000000059604644776257986737988403547205962240695953369140625", 0x3F80_0001u)]
    [InlineData("0x1.000001000000000000001p0", 0x3F80_0001u)]
    [InlineData("0x1.000001p0", 0x3F80_0000u)]
    [InlineData("0x1.000003p0", 0x3F80_0002u)]
    public void ParsesF32BitExact(string text, uint expected)
    {
        Assert.Equal(LiteralStatus.Ok, FloatLiteral.TryParseF32(text, out var bits));
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData("0.1", 0x3FB9_9999_9999_999AUL)]
    [InlineData("0x1p-1074", 0x0000_0000_0000_0001UL)]
    [InlineData("0x1.fffffffffffffp1023", 0x7FEF_FFFF_FFFF_FFFFUL)]
    [InlineData("-0x0.8p-1022", 0x8008_0000_0000_0000UL)]
    [InlineData("nan:0x4_0000_0000_0000", 0x7FF4_0000_0000_0000UL)]
    [InlineData("1e308", 0x7FE1_CCF3_85EB_C8A0UL)]
    [InlineData("4.9406564584124654e-324", 0x0000_0000_0000_0001UL)]
    public void ParsesF64BitExact(string text, ulong expected)
    {
        Assert.Equal(LiteralStatus.Ok, FloatLiteral.TryParseF64(text, out var bits));
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData("1e39", true)]
    [InlineData("0x1p128", true)]
    [InlineData("0x1.ffffffp127", true)]
    [InlineData("nan:0x0", true)]
    [InlineData("nan:0x80_0000", true)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("0x1p", false)]
    [InlineData("0x.p1", false)]
    [InlineData("nan:1", false)]
    [InlineData("nan:canonical", false)]
    [InlineData("infinity", false)]
    public void RejectsBadF32(string text, bool outOfRange)
    {
        Assert.Equal(outOfRange ? LiteralStatus.OutOfRange : LiteralStatus.NotANumber, FloatLiteral.TryParseF32(text, out _));
    }
}
