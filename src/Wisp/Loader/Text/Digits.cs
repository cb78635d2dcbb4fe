namespace Wisp.Loader.Text;

/// <summary>The digit-sequence rule shared by integer and float literals: digits with single underscores between them.</summary>
internal static class Digits
{
    public static bool AreWellFormed(ReadOnlySpan<char> text, bool hex)
    {
        if (text.Length == 0 || text[0] == '_' || text[^1] == '_')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                if (text[i - 1] == '_')
                {
                    return false;
                }
            }
            else if (hex ? Lexer.HexValue(c) < 0 : c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
