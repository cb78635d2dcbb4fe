using Wisp.Loader.Text.Script;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wast;

/// <summary>
/// Decides whether a result satisfies an <c>assert_return</c> expectation: numbers bitwise, NaN
/// patterns per the spec's canonical/arithmetic definitions, references by identity.
/// </summary>
internal sealed class ExpectedResultMatcher(Func<ulong, SpecExternReference> externReference)
{
    public bool Matches(WastExpected expected, Value actual) => expected.Kind switch
    {
        WastExpectedKind.Exact => expected.Value is { } value && MatchesExactly(value, actual),
        WastExpectedKind.CanonicalNan => actual.Type == expected.Type && IsCanonicalNan(expected.Type, actual.Bits),
        WastExpectedKind.ArithmeticNan => actual.Type == expected.Type && IsArithmeticNan(expected.Type, actual.Bits),
        WastExpectedKind.AnyFunctionReference => actual.Type == ValType.FuncRef && actual.Reference is not null,
        WastExpectedKind.AnyExternReference => actual.Type == ValType.ExternRef && actual.Reference is not null,
        WastExpectedKind.V128Lanes => actual.Type == ValType.V128 && LanesMatch(expected.Lanes ?? [], actual),
        WastExpectedKind.Either => (expected.Alternatives ?? []).Any(a => Matches(a, actual)),
        _ => false,
    };

    private bool MatchesExactly(WastValue expected, Value actual)
    {
        if (actual.Type != expected.Type)
        {
            return false;
        }

        return expected.Type switch
        {
            ValType.I32 or ValType.F32 => (uint)actual.Bits == (uint)expected.Bits,
            ValType.I64 or ValType.F64 => actual.Bits == expected.Bits,
            ValType.V128 => actual.Bits == expected.Bits && actual.High == expected.High,
            ValType.FuncRef => expected.IsNull && actual.Reference is null,
            ValType.ExternRef => expected.IsNull
                ? actual.Reference is null
                : ReferenceEquals(actual.Reference, externReference(expected.Bits)),
            _ => false,
        };
    }

    private static bool LanesMatch(IReadOnlyList<WastExpected> lanes, Value actual)
    {
        if (lanes.Count == 0)
        {
            return false;
        }

        var laneType = lanes[0].Type;
        var width = laneType == ValType.F64 ? 64 : 32;
        if (lanes.Count * width != 128)
        {
            return false;
        }

        for (var i = 0; i < lanes.Count; i++)
        {
            var bit = i * width;
            var word = bit < 64 ? actual.Bits : actual.High;
            var bits = width == 64 ? word : (word >> (bit % 64)) & 0xFFFF_FFFF;
            var lane = lanes[i];
            var ok = lane.Kind switch
            {
                WastExpectedKind.CanonicalNan => IsCanonicalNan(laneType, bits),
                WastExpectedKind.ArithmeticNan => IsArithmeticNan(laneType, bits),
                _ => lane.Value is { } v && (width == 64 ? v.Bits == bits : (uint)v.Bits == (uint)bits),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // Canonical NaN: sign either way, quiet bit set, rest of the payload zero (spec 4.3.2).
    private static bool IsCanonicalNan(ValType type, ulong bits) => type == ValType.F32
        ? ((uint)bits & 0x7FFF_FFFF) == 0x7FC0_0000
        : (bits & 0x7FFF_FFFF_FFFF_FFFF) == 0x7FF8_0000_0000_0000;

    // Arithmetic NaN: any NaN with the quiet bit set.
    private static bool IsArithmeticNan(ValType type, ulong bits) => type == ValType.F32
        ? ((uint)bits & 0x7FC0_0000) == 0x7FC0_0000
        : (bits & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000;
}
