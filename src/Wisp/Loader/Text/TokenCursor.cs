using Wisp.Diagnostics;

namespace Wisp.Loader.Text;

/// <summary>A position in a token list with the peek/expect helpers the parsers share.</summary>
internal sealed class TokenCursor(List<Token> tokens, string? fileName)
{
    private int _position;

    public string? FileName => fileName;

    public int Position
    {
        get => _position;
        set => _position = value;
    }

    public Token Current => tokens[_position];

    public Token Peek(int ahead = 0) => tokens[Math.Min(_position + ahead, tokens.Count - 1)];

    /// <summary>The token before the current one.</summary>
    public Token Previous => tokens[Math.Max(_position - 1, 0)];

    public Token Next()
    {
        var token = tokens[_position];
        if (token.Kind != TokenKind.EndOfFile)
        {
            _position++;
        }

        return token;
    }

    public bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    public bool IsLeftParen => Current.Kind == TokenKind.LeftParen;

    public bool IsRightParen => Current.Kind == TokenKind.RightParen;

    public bool IsKeyword(string keyword, int ahead = 0)
    {
        var t = Peek(ahead);
        return t.Kind == TokenKind.Keyword && t.Text == keyword;
    }

    /// <summary>True if the next tokens are <c>(</c> and <paramref name="keyword"/>.</summary>
    public bool IsGroup(string keyword, int ahead = 0) => Peek(ahead).Kind == TokenKind.LeftParen && IsKeyword(keyword, ahead + 1);

    /// <summary>The keyword after a <c>(</c>, or null.</summary>
    public string? GroupKeyword(int ahead = 0) =>
        Peek(ahead).Kind == TokenKind.LeftParen && Peek(ahead + 1).Kind == TokenKind.Keyword ? Peek(ahead + 1).Text : null;

    public bool TryKeyword(string keyword)
    {
        if (!IsKeyword(keyword))
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Consumes <c>(</c> <paramref name="keyword"/> if they come next.</summary>
    public bool TryGroup(string keyword)
    {
        if (!IsGroup(keyword))
        {
            return false;
        }

        _position += 2;
        return true;
    }

    public void ExpectLeftParen()
    {
        if (!IsLeftParen)
        {
            throw Unexpected();
        }

        _position++;
    }

    public void ExpectRightParen()
    {
        if (!IsRightParen)
        {
            throw Unexpected();
        }

        _position++;
    }

    public void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Unexpected();
        }
    }

    public Token ExpectString()
    {
        if (Current.Kind != TokenKind.String)
        {
            throw Unexpected();
        }

        return Next();
    }

    /// <summary>An optional <c>$id</c>.</summary>
    public Token? TryId()
    {
        if (Current.Kind != TokenKind.Id)
        {
            return null;
        }

        return Next();
    }

    /// <summary>Skips one token, or a whole balanced group if it starts with <c>(</c>.</summary>
    public void SkipItem()
    {
        if (!IsLeftParen)
        {
            if (AtEnd)
            {
                throw Unexpected();
            }

            _position++;
            return;
        }

        var depth = 0;
        do
        {
            var t = Next();
            if (t.Kind == TokenKind.EndOfFile)
            {
                throw Error(t, "unexpected end of file");
            }

            depth += t.Kind switch
            {
                TokenKind.LeftParen => 1,
                TokenKind.RightParen => -1,
                _ => 0,
            };
        }
        while (depth > 0);
    }

    /// <summary>
    /// "unexpected token" at the current token, or "unexpected end of file"; a reserved token (such as
    /// <c>$l"a"</c>) is what the testsuite calls an "unknown operator".
    /// </summary>
    public TextFormatException Unexpected() => Current.Kind switch
    {
        TokenKind.EndOfFile => Error(Current, "unexpected end of file"),
        TokenKind.Reserved => UnknownOperator(Current),
        _ => Error(Current, "unexpected token"),
    };

    /// <summary>"unknown operator X": the testsuite names the offending keyword (e.g. "unknown operator get_local").</summary>
    public TextFormatException UnknownOperator(Token at) => Error(at, $"unknown operator {at.Text}");

    public TextFormatException Error(string reason) => Error(Current, reason);

    public TextFormatException Error(Token at, string reason) => new(reason, at.Line, at.Column, fileName);
}
