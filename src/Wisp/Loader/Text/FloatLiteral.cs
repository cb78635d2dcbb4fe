using System.Globalization;
using System.Numerics;

namespace Wisp.Loader.Text;

/// <summary>
/// Float literals of the text format (spec 6.3.2) to exact IEEE 754 bits, rounding to nearest-even straight
/// into the target width: going through double first would round twice and be wrong for f32.
/// </summary>
internal static class FloatLiteral
{
    public static LiteralStatus TryParseF32(string text, out uint bits)
    {
        var status = TryParse(text, mantissaBits: 23, exponentBits: 8, out var raw);
        bits = (uint)raw;
        return status;
    }

    public static LiteralStatus TryParseF64(string text, out ulong bits) => TryParse(text, mantissaBits: 52, exponentBits: 11, out bits);

    private static LiteralStatus TryParse(string text, int mantissaBits, int exponentBits, out ulong bits)
    {
        bits = 0;
        if (text.Length == 0)
        {
            return LiteralStatus.NotANumber;
        }

        var negative = text[0] == '-';
        var body = text[0] is '+' or '-' ? text[1..] : text;
        var signBit = negative ? 1UL << (mantissaBits + exponentBits) : 0;
        var infinityBits = ((1UL << exponentBits) - 1) << mantissaBits;
        if (body == "inf")
        {
            bits = signBit | infinityBits;
            return LiteralStatus.Ok;
        }

        if (body == "nan")
        {
            bits = signBit | infinityBits | (1UL << (mantissaBits - 1));
            return LiteralStatus.Ok;
        }

        if (body.StartsWith("nan:0x", StringComparison.Ordinal))
        {
            var payloadStatus = IntegerLiteral.TryParseUnsigned(body[4..], 64, out var payload);
            if (payloadStatus != LiteralStatus.Ok)
            {
                return payloadStatus;
            }

            if (payload == 0 || payload >> mantissaBits != 0)
            {
                return LiteralStatus.OutOfRange;
            }

            bits = signBit | infinityBits | payload;
            return LiteralStatus.Ok;
        }

        var status = body.StartsWith("0x", StringComparison.Ordinal)
            ? TryParseHex(body[2..], mantissaBits, exponentBits, out var magnitude)
            : TryParseDecimal(body, mantissaBits, out magnitude);
        if (status == LiteralStatus.Ok)
        {
            bits = signBit | magnitude;
        }

        return status;
    }

    /// <summary>Splits <c>int[.frac][marker exp]</c> and checks each part's digits.</summary>
    private static bool TrySplit(string body, bool hex, out string integer, out string fraction, out long exponent)
    {
        integer = fraction = "";
        exponent = 0;
        var markerAt = hex ? body.IndexOfAny(['p', 'P']) : body.IndexOfAny(['e', 'E']);
        var mantissa = markerAt < 0 ? body : body[..markerAt];
        if (markerAt >= 0)
        {
            var exp = body.AsSpan(markerAt + 1);
            var expNegative = exp.Length > 0 && exp[0] == '-';
            if (exp.Length > 0 && exp[0] is '+' or '-')
            {
                exp = exp[1..];
            }

            if (!Digits.AreWellFormed(exp, hex: false))
            {
                return false;
            }

            foreach (var c in exp)
            {
                // Saturate: far beyond any finite range, and keeps the arithmetic below in bounds.
                if (c != '_')
                {
                    exponent = Math.Min(exponent * 10 + (c - '0'), 100_000_000);
                }
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        var dot = mantissa.IndexOf('.');
        integer = dot < 0 ? mantissa : mantissa[..dot];
        fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        return Digits.AreWellFormed(integer, hex) && (fraction.Length == 0 || Digits.AreWellFormed(fraction, hex));
    }

    private static LiteralStatus TryParseDecimal(string body, int mantissaBits, out ulong bits)
    {
        bits = 0;
        if (!TrySplit(body, hex: false, out var integer, out var fraction, out var exponent))
        {
            return LiteralStatus.NotANumber;
        }

        // .NET's parsers round correctly (IEEE 754-2008) and float.Parse rounds directly to single.
        var clean = string.Concat(integer.Replace("_", ""), ".", fraction.Length == 0 ? "0" : fraction.Replace("_", ""), "e",
            exponent.ToString(CultureInfo.InvariantCulture));
        if (mantissaBits == 23)
        {
            var f = float.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsInfinity(f))
            {
                return LiteralStatus.OutOfRange;
            }

            bits = BitConverter.SingleToUInt32Bits(f);
        }
        else
        {
            var d = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                return LiteralStatus.OutOfRange;
            }

            bits = BitConverter.DoubleToUInt64Bits(d);
        }

        return LiteralStatus.Ok;
    }

    private static LiteralStatus TryParseHex(string body, int mantissaBits, int exponentBits, out ulong bits)
    {
        bits = 0;
        if (!TrySplit(body, hex: true, out var integer, out var fraction, out var exponent))
        {
            return LiteralStatus.NotANumber;
        }

        var significand = BigInteger.Zero;
        var fractionDigits = 0;
        foreach (var c in integer)
        {
            if (c != '_')
            {
                significand = (significand << 4) | Lexer.HexValue(c);
            }
        }

        foreach (var c in fraction)
        {
            if (c != '_')
            {
                significand = (significand << 4) | Lexer.HexValue(c);
                fractionDigits++;
            }
        }

        if (significand.IsZero)
        {
            return LiteralStatus.Ok;
        }

        // value = significand * 2^scale, rounded to a multiple of 2^quantum with nearest-even.
        var scale = exponent - 4L * fractionDigits;
        var bias = (1L << (exponentBits - 1)) - 1;
        var minExponent = 1 - bias;
        var topExponent = (long)significand.GetBitLength() - 1 + scale;
        var quantum = Math.Max(topExponent, minExponent) - mantissaBits;
        BigInteger rounded;
        if (scale >= quantum)
        {
            if (scale - quantum > mantissaBits + 1)
            {
                return LiteralStatus.OutOfRange;
            }

            rounded = significand << (int)(scale - quantum);
        }
        else
        {
            var shift = quantum - scale;
            if (shift > significand.GetBitLength() + 1)
            {
                // Far below half the smallest subnormal: rounds to zero.
                return LiteralStatus.Ok;
            }

            var s = (int)shift;
            rounded = significand >> s;
            var remainder = significand - (rounded << s);
            var half = BigInteger.One << (s - 1);
            if (remainder > half || (remainder == half && !rounded.IsEven))
            {
                rounded += 1;
            }
        }

        if (rounded >> (mantissaBits + 1) != 0)
        {
            rounded >>= 1;
            quantum++;
        }

        var hidden = BigInteger.One << mantissaBits;
        ulong biasedExponent = rounded < hidden ? 0 : (ulong)(quantum + mantissaBits + bias);
        if (biasedExponent >= (1UL << exponentBits) - 1)
        {
            return LiteralStatus.OutOfRange;
        }

        var fractionField = (ulong)(rounded < hidden ? rounded : rounded - hidden);
        bits = (biasedExponent << mantissaBits) | fractionField;
        return LiteralStatus.Ok;
    }
}
