using System.Runtime.CompilerServices;
using Wisp.Model;

namespace Wisp.Loader.Text.Script;

/// <summary>Reads the constants of script actions and the expected results of <c>assert_return</c>.</summary>
internal sealed class WastValueReader(TokenCursor cursor)
{
    /// <summary>An argument: <c>(t.const c)</c>, <c>(v128.const shape c*)</c>, <c>(ref.null t)</c>, <c>(ref.extern n)</c>.</summary>
    public WastValue ParseValue()
    {
        cursor.ExpectLeftParen();
        var keyword = cursor.Next();
        WastValue value;
        switch (keyword.Text)
        {
            case "i32.const":
                value = new WastValue(ValType.I32, Integer(32));
                break;
            case "i64.const":
                value = new WastValue(ValType.I64, Integer(64));
                break;
            case "f32.const":
                value = new WastValue(ValType.F32, Float(32));
                break;
            case "f64.const":
                value = new WastValue(ValType.F64, Float(64));
                break;
            case "v128.const":
                {
                    var (shape, lanes) = ParseLanes();
                    value = PackV128(lanes.Select(l => l.Value!.Bits).ToList());
                    break;
                }

            case "ref.null":
                value = new WastValue(HeapType(), 0, IsNull: true);
                break;
            case "ref.extern":
                value = new WastValue(ValType.ExternRef, Unsigned());
                break;
            default:
                throw cursor.Error(keyword, "unexpected token");
        }

        cursor.ExpectRightParen();
        return value;
    }

    /// <summary>An expected result: a value, a NaN class, <c>(ref.func)</c>, <c>(ref.extern)</c>, or <c>(either ...)</c>.</summary>
    public WastExpected ParseExpected()
    {
        // (either ...) nests by recursion.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw cursor.Error("nesting too deep");
        }

        var start = cursor.Position;
        cursor.ExpectLeftParen();
        var keyword = cursor.Next();
        WastExpected expected;
        switch (keyword.Text)
        {
            case "either":
                {
                    var alternatives = new List<WastExpected>();
                    while (cursor.IsLeftParen)
                    {
                        alternatives.Add(ParseExpected());
                    }

                    if (alternatives.Count == 0)
                    {
                        throw cursor.Unexpected();
                    }

                    expected = new WastExpected(WastExpectedKind.Either, alternatives[0].Type) { Alternatives = alternatives };
                    break;
                }

            case "f32.const" or "f64.const" when NanClass() is { } nan:
                cursor.Next();
                expected = new WastExpected(nan, keyword.Text == "f32.const" ? ValType.F32 : ValType.F64);
                break;
            case "v128.const":
                {
                    var (shape, lanes) = ParseLanes();
                    expected = lanes.All(l => l.Kind == WastExpectedKind.Exact)
                        ? new WastExpected(WastExpectedKind.Exact, ValType.V128, PackV128(lanes.Select(l => l.Value!.Bits).ToList()))
                        : new WastExpected(WastExpectedKind.V128Lanes, shape == "f32x4" ? ValType.F32 : ValType.F64) { Lanes = lanes };
                    break;
                }

            case "ref.func" when cursor.IsRightParen:
                expected = new WastExpected(WastExpectedKind.AnyFunctionReference, ValType.FuncRef);
                break;
            case "ref.extern" when cursor.IsRightParen:
                expected = new WastExpected(WastExpectedKind.AnyExternReference, ValType.ExternRef);
                break;
            default:
                {
                    cursor.Position = start;
                    var value = ParseValue();
                    return new WastExpected(WastExpectedKind.Exact, value.Type, value);
                }
        }

        cursor.ExpectRightParen();
        return expected;
    }

    private WastExpectedKind? NanClass() => cursor.Current.Kind == TokenKind.Keyword
        ? cursor.Current.Text switch
        {
            "nan:canonical" => WastExpectedKind.CanonicalNan,
            "nan:arithmetic" => WastExpectedKind.ArithmeticNan,
            _ => null,
        }
        : null;

    /// <summary>A v128 shape and its lanes, each an exact lane value or (for float shapes) a NaN class.</summary>
    private (string Shape, List<WastExpected> Lanes) ParseLanes()
    {
        var shapeToken = cursor.Next();
        var (count, bits, isFloat) = shapeToken.Text switch
        {
            "i8x16" => (16, 8, false),
            "i16x8" => (8, 16, false),
            "i32x4" => (4, 32, false),
            "i64x2" => (2, 64, false),
            "f32x4" => (4, 32, true),
            "f64x2" => (2, 64, true),
            _ => throw cursor.Error(shapeToken, "unexpected token"),
        };
        var laneType = bits == 64 ? (isFloat ? ValType.F64 : ValType.I64) : (isFloat ? ValType.F32 : ValType.I32);
        var lanes = new List<WastExpected>();
        for (var i = 0; i < count; i++)
        {
            if (isFloat && NanClass() is { } nan)
            {
                cursor.Next();
                lanes.Add(new WastExpected(nan, laneType));
                continue;
            }

            var laneBits = isFloat ? Float(bits) : Integer(bits);
            lanes.Add(new WastExpected(WastExpectedKind.Exact, laneType, new WastValue(laneType, laneBits)));
        }

        return (shapeToken.Text, lanes);
    }

    private static WastValue PackV128(List<ulong> lanes)
    {
        var laneBits = 128 / lanes.Count;
        var value = UInt128.Zero;
        for (var i = 0; i < lanes.Count; i++)
        {
            var mask = laneBits == 64 ? ulong.MaxValue : (1UL << laneBits) - 1;
            value |= (UInt128)(lanes[i] & mask) << (i * laneBits);
        }

        return new WastValue(ValType.V128, (ulong)value, (ulong)(value >> 64));
    }

    private ValType HeapType()
    {
        var token = cursor.Next();
        return token.Text switch
        {
            "func" => ValType.FuncRef,
            "extern" => ValType.ExternRef,
            _ => throw cursor.Error(token, "unexpected token"),
        };
    }

    private ulong Integer(int bits)
    {
        var token = cursor.Next();
        return IntegerLiteral.TryParseInteger(token.Text, bits, out var value) switch
        {
            LiteralStatus.Ok => value,
            LiteralStatus.OutOfRange => throw cursor.Error(token, "constant out of range"),
            _ => throw cursor.Error(token, "unexpected token"),
        };
    }

    private ulong Unsigned()
    {
        var token = cursor.Next();
        return IntegerLiteral.TryParseUnsigned(token.Text, 64, out var value) switch
        {
            LiteralStatus.Ok => value,
            LiteralStatus.OutOfRange => throw cursor.Error(token, "constant out of range"),
            _ => throw cursor.Error(token, "unexpected token"),
        };
    }

    private ulong Float(int bits)
    {
        var token = cursor.Next();
        LiteralStatus status;
        ulong value;
        if (bits == 32)
        {
            status = FloatLiteral.TryParseF32(token.Text, out var f);
            value = f;
        }
        else
        {
            status = FloatLiteral.TryParseF64(token.Text, out value);
        }

        return status switch
        {
            LiteralStatus.Ok => value,
            LiteralStatus.OutOfRange => throw cursor.Error(token, "constant out of range"),
            _ => throw cursor.Error(token, "unexpected token"),
        };
    }
}
