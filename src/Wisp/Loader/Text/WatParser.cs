namespace Wisp.Loader.Text;

/// <summary>Parses the WebAssembly text format (spec 6) and encodes it to the binary format.</summary>
public static class WatParser
{
    /// <summary>
    /// Parses one module, written as <c>(module ...)</c> or as bare module fields, and returns its binary
    /// encoding. Syntax errors raise <see cref="Diagnostics.TextFormatException"/>.
    /// </summary>
    public static byte[] ParseModule(string text, string? fileName = null)
    {
        var cursor = new TokenCursor(Lexer.Tokenize(text, fileName), fileName);
        byte[] binary;
        if (cursor.IsGroup("module"))
        {
            cursor.Position += 2;
            binary = ModuleParser.Encode(cursor, cursor.TryId()?.Text);
            cursor.ExpectRightParen();
        }
        else
        {
            binary = ModuleParser.Encode(cursor);
        }

        if (!cursor.AtEnd)
        {
            throw cursor.Unexpected();
        }

        return binary;
    }
}
