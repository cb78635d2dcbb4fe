using Wisp.Diagnostics;
using Wisp.Loader.Text;

namespace Wisp.Tests.Loader.Text;

public class LexerTests
{
    private static List<Token> Lex(string text) => Lexer.Tokenize(text, null);

    [Fact]
    public void ClassifiesTokens()
    {
        var tokens = Lex("(func $f i32.add 42 -1 \"s\" nan:0x1 +inf)");
        Assert.Equal(
            [TokenKind.LeftParen, TokenKind.Keyword, TokenKind.Id, TokenKind.Keyword, TokenKind.Number, TokenKind.Number,
             TokenKind.String, TokenKind.Keyword, TokenKind.Number, TokenKind.RightParen, TokenKind.EndOfFile],
            tokens.Select(t => t.Kind));
        Assert.Equal("$f", tokens[2].Text);
    }

    [Fact]
    public void SkipsLineAndNestedBlockComments()
    {
        var tokens = Lex("a ;; line\n(; outer (; inner ;) still ;) b");
        Assert.Equal(["a", "b"], tokens.Where(t => t.Kind == TokenKind.Keyword).Select(t => t.Text));
        Assert.Equal(2, tokens[1].Line);
    }

    [Fact]
    public void ACarriageReturnEndsALineComment()
    {
        var tokens = Lex("a ;; comment\rb");
        Assert.Equal(["a", "b"], tokens.Where(t => t.Kind == TokenKind.Keyword).Select(t => t.Text));
    }

    [Fact]
    public void DecodesStringEscapes()
    {
        var token = Lex("\"a\\n\\t\\\\\\'\\\"\\00\\ff\\u{41}\\u{1F600}é\"")[0];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal(
            new byte[] { (byte)'a', 10, 9, (byte)'\\', (byte)'\'', (byte)'"', 0x00, 0xFF, 0x41, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9 },
            token.Bytes);
    }

    [Theory]
    [InlineData("data\"a\"")]
    [InlineData("\"a\"\"b\"")]
    [InlineData("$l\"a\"")]
    [InlineData(",")]
    public void TokensNotSeparatedBySpaceAreReserved(string text)
    {
        Assert.Equal(TokenKind.Reserved, Lex(text)[0].Kind);
    }

    [Theory]
    [InlineData("\"abc")]
    [InlineData("\"\\q\"")]
    [InlineData("\"\\u{D800}\"")]
    [InlineData("\"\\u{110000}\"")]
    [InlineData("(; never closed")]
    [InlineData("\"tab\there\"")]
    public void RejectsMalformedText(string text)
    {
        var error = Assert.Throws<TextFormatException>(() => Lex(text));
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void TracksLinesAndColumns()
    {
        var tokens = Lex("(module\n  (func))");
        var func = tokens.Single(t => t.Text == "func");
        Assert.Equal((2, 4), (func.Line, func.Column));
    }
}
