namespace Wisp.Loader.Text;

/// <summary>The lexical classes of the text format (spec 6.2).</summary>
internal enum TokenKind
{
    LeftParen,
    RightParen,

    /// <summary>An idchar run starting with a lowercase letter: mnemonics, <c>offset=4</c>, <c>inf</c>, <c>nan:0x1</c>.</summary>
    Keyword,

    /// <summary><c>$name</c>.</summary>
    Id,

    /// <summary>An idchar run starting with a digit or sign; the context decides how (and whether) it reads as a number.</summary>
    Number,

    String,

    /// <summary>Anything else the grammar never accepts, e.g. <c>data"a"</c> or <c>,</c>.</summary>
    Reserved,

    EndOfFile,
}

/// <summary>One token with its 1-based position and its source span (scripts slice quoted modules out by span).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, int Start, int End, byte[]? StringBytes = null)
{
    /// <summary>The decoded bytes of a <see cref="TokenKind.String"/> token.</summary>
    public byte[] Bytes => StringBytes ?? [];

    public override string ToString() => Kind switch
    {
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.EndOfFile => "end of file",
        _ => Text,
    };
}
