namespace Wisp.Loader.Text;

/// <summary>Integer literals of the text format (spec 6.3.1): decimal or <c>0x</c> hex, <c>_</c> between digits, optional sign.</summary>
internal static class IntegerLiteral
{
    /// <summary>Reads an unsigned literal (no sign allowed) that must fit in <paramref name="bits"/> bits.</summary>
    public static LiteralStatus TryParseUnsigned(string text, int bits, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text[0] is '+' or '-')
        {
            return LiteralStatus.NotANumber;
        }

        var status = TryParseMagnitude(text.AsSpan(), out var magnitude, out var overflow);
        if (status != LiteralStatus.Ok)
        {
            return status;
        }

        if (overflow || (bits < 64 && magnitude >> bits != 0))
        {
            return LiteralStatus.OutOfRange;
        }

        value = magnitude;
        return LiteralStatus.Ok;
    }

    /// <summary>
    /// Reads an iN literal: signed values from -2^(N-1), unsigned ones up to 2^N - 1; the result is the
    /// two's complement bit pattern in the low <paramref name="bits"/> bits.
    /// </summary>
    public static LiteralStatus TryParseInteger(string text, int bits, out ulong value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return LiteralStatus.NotANumber;
        }

        var negative = text[0] == '-';
        var body = text[0] is '+' or '-' ? text.AsSpan(1) : text.AsSpan();
        var status = TryParseMagnitude(body, out var magnitude, out var overflow);
        if (status != LiteralStatus.Ok)
        {
            return status;
        }

        if (overflow)
        {
            return LiteralStatus.OutOfRange;
        }

        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        if (negative)
        {
            if (magnitude > 1UL << (bits - 1))
            {
                return LiteralStatus.OutOfRange;
            }

            value = (0 - magnitude) & mask;
            return LiteralStatus.Ok;
        }

        if (magnitude > mask)
        {
            return LiteralStatus.OutOfRange;
        }

        value = magnitude;
        return LiteralStatus.Ok;
    }

    /// <summary>Reads unsigned digits (decimal or 0x hex) with the underscore rule; <paramref name="overflow"/> if above 2^64 - 1.</summary>
    private static LiteralStatus TryParseMagnitude(ReadOnlySpan<char> text, out ulong magnitude, out bool overflow)
    {
        magnitude = 0;
        overflow = false;
        var radix = 10u;
        if (text.Length > 2 && text[0] == '0' && text[1] == 'x')
        {
            radix = 16;
            text = text[2..];
        }

        if (!Digits.AreWellFormed(text, radix == 16))
        {
            return LiteralStatus.NotANumber;
        }

        foreach (var c in text)
        {
            if (c == '_')
            {
                continue;
            }

            var digit = (uint)Lexer.HexValue(c);
            var next = (UInt128)magnitude * radix + digit;
            if (next > ulong.MaxValue)
            {
                overflow = true;
            }

            magnitude = (ulong)next;
        }

        return LiteralStatus.Ok;
    }
}
