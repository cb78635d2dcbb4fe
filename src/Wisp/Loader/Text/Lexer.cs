using System.Text;
using Wisp.Diagnostics;

namespace Wisp.Loader.Text;

/// <summary>
/// Splits WebAssembly text into tokens (spec 6.2). A token is a maximal run of idchars and strings; runs
/// that mix the two, or hold more than one string, are reserved tokens, which is why <c>(data"a")</c> is malformed.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string? _fileName;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string text, string? fileName)
    {
        _text = text;
        _fileName = fileName;
    }

    public static List<Token> Tokenize(string text, string? fileName)
    {
        var lexer = new Lexer(text, fileName);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    public static bool IsIdChar(char c) =>
        c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '/'
            or ':' or '<' or '=' or '>' or '?' or '@' or '\\' or '^' or '_' or '`' or '|' or '~';

    private int Column => _pos - _lineStart + 1;

    private TextFormatException Error(string reason, int line, int column) => new(reason, line, column, _fileName);

    private Token Next()
    {
        SkipWhitespaceAndComments();
        var line = _line;
        var column = Column;
        var start = _pos;
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.EndOfFile, "", line, column, start, start);
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            return new Token(TokenKind.LeftParen, "(", line, column, start, _pos);
        }

        if (c == ')')
        {
            _pos++;
            return new Token(TokenKind.RightParen, ")", line, column, start, _pos);
        }

        // A run of idchars, strings and other non-delimiters; classify it afterwards.
        var strings = 0;
        var idChars = 0;
        var reserved = false;
        byte[]? bytes = null;
        while (_pos < _text.Length)
        {
            c = _text[_pos];
            if (c == '"')
            {
                bytes = ReadString();
                strings++;
            }
            else if (IsIdChar(c))
            {
                idChars++;
                _pos++;
            }
            else if (c is '(' or ')' or ' ' or '\t' or '\n' or '\r' || IsCommentStart())
            {
                break;
            }
            else
            {
                reserved = true;
                _pos++;
            }
        }

        var text = _text[start.._pos];
        if (reserved || strings > 1 || (strings == 1 && idChars > 0))
        {
            return new Token(TokenKind.Reserved, text, line, column, start, _pos);
        }

        if (strings == 1)
        {
            return new Token(TokenKind.String, text, line, column, start, _pos, bytes);
        }

        var first = text[0];
        var kind = first switch
        {
            >= 'a' and <= 'z' => TokenKind.Keyword,
            '$' when text.Length > 1 => TokenKind.Id,
            (>= '0' and <= '9') or '+' or '-' => TokenKind.Number,
            _ => TokenKind.Reserved,
        };
        return new Token(kind, text, line, column, start, _pos);
    }

    private bool IsCommentStart() =>
        _pos + 1 < _text.Length && ((_text[_pos] == ';' && _text[_pos + 1] == ';') || (_text[_pos] == '(' && _text[_pos + 1] == ';'));

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _pos++;
            }
            else if (c == ';' && _pos + 1 < _text.Length && _text[_pos + 1] == ';')
            {
                // A line comment ends at any newline: LF, CR or CRLF (spec 6.2.4).
                while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r'))
                {
                    _pos++;
                }
            }
            else if (c == '(' && _pos + 1 < _text.Length && _text[_pos + 1] == ';')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var line = _line;
        var column = Column;
        var depth = 0;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '(' && _pos + 1 < _text.Length && _text[_pos + 1] == ';')
            {
                depth++;
                _pos += 2;
            }
            else if (c == ';' && _pos + 1 < _text.Length && _text[_pos + 1] == ')')
            {
                depth--;
                _pos += 2;
                if (depth == 0)
                {
                    return;
                }
            }
            else
            {
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }

                _pos++;
            }
        }

        throw Error("unclosed comment", line, column);
    }

    /// <summary>Reads a string literal starting at the opening quote and returns its bytes (UTF-8 for plain characters).</summary>
    private byte[] ReadString()
    {
        var line = _line;
        var column = Column;
        _pos++;
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unclosed string", line, column);
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return [.. bytes];
            }

            if (c == '\n' || c < 0x20 || c == 0x7F)
            {
                throw Error("illegal control character in string", _line, Column);
            }

            if (c != '\\')
            {
                int scalar;
                if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
                {
                    scalar = char.ConvertToUtf32(c, _text[_pos + 1]);
                    _pos += 2;
                }
                else if (char.IsSurrogate(c))
                {
                    throw Error("malformed UTF-8 encoding", _line, Column);
                }
                else
                {
                    scalar = c;
                    _pos++;
                }

                var n = new Rune(scalar).EncodeToUtf8(utf8);
                for (var i = 0; i < n; i++)
                {
                    bytes.Add(utf8[i]);
                }

                continue;
            }

            var escapeColumn = Column;
            _pos++;
            if (_pos >= _text.Length)
            {
                throw Error("unclosed string", line, column);
            }

            var e = _text[_pos++];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case '"': bytes.Add((byte)'"'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'u':
                    {
                        var scalar = ReadUnicodeEscape(escapeColumn);
                        var n = new Rune(scalar).EncodeToUtf8(utf8);
                        for (var i = 0; i < n; i++)
                        {
                            bytes.Add(utf8[i]);
                        }

                        break;
                    }

                default:
                    if (HexValue(e) >= 0 && _pos < _text.Length && HexValue(_text[_pos]) >= 0)
                    {
                        bytes.Add((byte)((HexValue(e) << 4) | HexValue(_text[_pos])));
                        _pos++;
                        break;
                    }

                    throw Error("illegal escape", _line, escapeColumn);
            }
        }
    }

    private int ReadUnicodeEscape(int escapeColumn)
    {
        if (_pos >= _text.Length || _text[_pos] != '{')
        {
            throw Error("illegal escape", _line, escapeColumn);
        }

        _pos++;
        long value = 0;
        var digits = 0;
        var lastUnderscore = false;
        while (_pos < _text.Length && _text[_pos] != '}')
        {
            var c = _text[_pos];
            if (c == '_' && digits > 0 && !lastUnderscore)
            {
                lastUnderscore = true;
                _pos++;
                continue;
            }

            var h = HexValue(c);
            if (h < 0)
            {
                throw Error("illegal escape", _line, escapeColumn);
            }

            value = Math.Min((value << 4) | (uint)h, 0x7FFF_FFFF);
            digits++;
            lastUnderscore = false;
            _pos++;
        }

        if (_pos >= _text.Length || digits == 0 || lastUnderscore || value >= 0x110000 || value is >= 0xD800 and < 0xE000)
        {
            throw Error("illegal escape", _line, escapeColumn);
        }

        _pos++;
        return (int)value;
    }

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
