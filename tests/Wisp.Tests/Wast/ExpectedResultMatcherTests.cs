using Wisp.Loader.Text.Script;
using Wisp.Model;
using Wisp.Runtime;
using Wisp.Wast;

namespace Wisp.Tests.Wast;

public class ExpectedResultMatcherTests
{
    private readonly Dictionary<ulong, SpecExternReference> _externs = [];
    private readonly ExpectedResultMatcher _matcher;

    public ExpectedResultMatcherTests()
    {
        _matcher = new ExpectedResultMatcher(n => _externs.TryGetValue(n, out var r) ? r : _externs[n] = new SpecExternReference(n));
    }

    private static WastExpected Exact(ValType type, ulong bits) => new(WastExpectedKind.Exact, type, new WastValue(type, bits));

    [Fact]
    public void NumbersCompareBitwise()
    {
        Assert.True(_matcher.Matches(Exact(ValType.I32, 0xFFFF_FFFF), Value.FromInt32(-1)));
        Assert.False(_matcher.Matches(Exact(ValType.I32, 1), Value.FromInt64(1)));
        Assert.False(_matcher.Matches(Exact(ValType.F32, 0x8000_0000), Value.FromSingle(0f)));
        Assert.True(_matcher.Matches(Exact(ValType.F32, 0x7FA0_0001), Value.FromSingleBits(0x7FA0_0001)));
        Assert.True(_matcher.Matches(Exact(ValType.F64, 0x3FF0_0000_0000_0000), Value.FromDouble(1)));
    }

    [Theory]
    [InlineData(0x7FC0_0000u, true, true)]
    [InlineData(0xFFC0_0000u, true, true)]
    [InlineData(0x7FE0_0000u, false, true)]
    [InlineData(0x7FA0_0000u, false, false)]
    [InlineData(0x7F80_0000u, false, false)]
    public void F32NanPatterns(uint bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, _matcher.Matches(new WastExpected(WastExpectedKind.CanonicalNan, ValType.F32), Value.FromSingleBits(bits)));
        Assert.Equal(arithmetic, _matcher.Matches(new WastExpected(WastExpectedKind.ArithmeticNan, ValType.F32), Value.FromSingleBits(bits)));
    }

    [Theory]
    [InlineData(0x7FF8_0000_0000_0000ul, true, true)]
    [InlineData(0xFFF8_0000_0000_0000ul, true, true)]
    [InlineData(0x7FF8_0000_0000_0001ul, false, true)]
    [InlineData(0x7FF0_0000_0000_0001ul, false, false)]
    public void F64NanPatterns(ulong bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, _matcher.Matches(new WastExpected(WastExpectedKind.CanonicalNan, ValType.F64), Value.FromDoubleBits(bits)));
        Assert.Equal(arithmetic, _matcher.Matches(new WastExpected(WastExpectedKind.ArithmeticNan, ValType.F64), Value.FromDoubleBits(bits)));
        Assert.False(_matcher.Matches(new WastExpected(WastExpectedKind.CanonicalNan, ValType.F32), Value.FromDoubleBits(bits)));
    }

    [Fact]
    public void ExternReferencesCompareByIdentity()
    {
        var one = new WastExpected(WastExpectedKind.Exact, ValType.ExternRef, new WastValue(ValType.ExternRef, 1));
        var nullExtern = new WastExpected(WastExpectedKind.Exact, ValType.ExternRef, new WastValue(ValType.ExternRef, 0, IsNull: true));

        Assert.True(_matcher.Matches(one, Value.FromExtern(_externs.GetValueOrDefault(1ul) ?? (_externs[1] = new SpecExternReference(1)))));
        Assert.False(_matcher.Matches(one, Value.FromExtern(new SpecExternReference(1))));
        Assert.False(_matcher.Matches(one, Value.FromExtern(_externs[2] = new SpecExternReference(2))));
        Assert.True(_matcher.Matches(nullExtern, Value.NullOf(ValType.ExternRef)));
        Assert.False(_matcher.Matches(nullExtern, Value.NullOf(ValType.FuncRef)));
        Assert.True(_matcher.Matches(new WastExpected(WastExpectedKind.AnyExternReference, ValType.ExternRef), Value.FromExtern("x")));
        Assert.False(_matcher.Matches(new WastExpected(WastExpectedKind.AnyFunctionReference, ValType.FuncRef), Value.NullOf(ValType.FuncRef)));
    }

    [Fact]
    public void V128LanesMayMixExactValuesAndNans()
    {
        var lanes = new WastExpected(WastExpectedKind.V128Lanes, ValType.V128)
        {
            Lanes =
            [
                Exact(ValType.F32, 0x3F80_0000),
                new WastExpected(WastExpectedKind.CanonicalNan, ValType.F32),
                new WastExpected(WastExpectedKind.ArithmeticNan, ValType.F32),
                Exact(ValType.F32, 0),
            ],
        };

        Assert.True(_matcher.Matches(lanes, Value.FromV128(0xFFC0_0000_3F80_0000, 0x0000_0000_7FE0_0000)));
        Assert.False(_matcher.Matches(lanes, Value.FromV128(0x7FC0_0001_3F80_0000, 0x0000_0000_7FE0_0000)));
        Assert.False(_matcher.Matches(lanes, Value.FromV128(0xFFC0_0000_3F80_0000, 0x0000_0001_7FE0_0000)));
    }

    [Fact]
    public void EitherAcceptsAnyAlternative()
    {
        var either = new WastExpected(WastExpectedKind.Either, ValType.I32)
        {
            Alternatives = [Exact(ValType.I32, 1), Exact(ValType.I32, 2)],
        };

        Assert.True(_matcher.Matches(either, Value.FromInt32(2)));
        Assert.False(_matcher.Matches(either, Value.FromInt32(3)));
    }
}
