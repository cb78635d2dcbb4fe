using System.Text;
using Wisp.Model;

namespace Wisp.Loader.Text.Script;

/// <summary>Parses .wast scripts (the spec testsuite's format).</summary>
public static class WastParser
{
    /// <summary>Parses a whole script. Syntax errors raise <see cref="Diagnostics.TextFormatException"/>.</summary>
    public static WastScript Parse(string text, string fileName)
    {
        var cursor = new TokenCursor(Lexer.Tokenize(text, fileName), fileName);
        if (cursor.GroupKeyword() is "type" or "import" or "func" or "table" or "memory" or "global" or "export" or "start" or "elem" or "data")
        {
            // A script may be one module written as bare fields (inline-module.wast).
            var inline = new WastModule(WastModuleKind.Text, null, WatParser.ParseModule(text, fileName), null);
            return new WastScript(fileName, [new ModuleCommand(cursor.Current.Line, inline)]);
        }

        var reader = new ScriptReader(cursor, text);
        var commands = new List<WastCommand>();
        while (!cursor.AtEnd)
        {
            commands.Add(reader.ParseCommand());
        }

        return new WastScript(fileName, commands);
    }

    /// <summary>The command grammar over a token cursor; values and expectations live in <see cref="WastValueReader"/>.</summary>
    private sealed class ScriptReader(TokenCursor cursor, string source)
    {
        private readonly WastValueReader _values = new(cursor);

        public WastCommand ParseCommand()
        {
            var open = cursor.Current;
            var line = open.Line;
            if (cursor.IsGroup("module"))
            {
                return new ModuleCommand(line, ParseModule(deferText: false));
            }

            cursor.ExpectLeftParen();
            var keyword = cursor.Current;
            if (keyword.Kind != TokenKind.Keyword)
            {
                throw cursor.Unexpected();
            }

            WastCommand command;
            switch (keyword.Text)
            {
                case "register":
                    {
                        cursor.Next();
                        var name = Utf8(cursor.ExpectString());
                        command = new RegisterCommand(line, name, cursor.TryId()?.Text);
                        break;
                    }

                case "invoke" or "get":
                    cursor.Position--;
                    return new ActionCommand(line, ParseAction());
                case "assert_return":
                    {
                        cursor.Next();
                        var action = ParseAction();
                        var expected = new List<WastExpected>();
                        while (cursor.IsLeftParen)
                        {
                            expected.Add(_values.ParseExpected());
                        }

                        command = new AssertReturnCommand(line, action, expected);
                        break;
                    }

                case "assert_trap":
                    cursor.Next();
                    if (cursor.IsGroup("module"))
                    {
                        var module = ParseModule(deferText: false);
                        command = new AssertTrapCommand(line, null, module, Utf8(cursor.ExpectString()));
                    }
                    else
                    {
                        var action = ParseAction();
                        command = new AssertTrapCommand(line, action, null, Utf8(cursor.ExpectString()));
                    }

                    break;
                case "assert_exhaustion":
                    {
                        cursor.Next();
                        var action = ParseAction();
                        command = new AssertExhaustionCommand(line, action, Utf8(cursor.ExpectString()));
                        break;
                    }

                case "assert_malformed":
                    {
                        cursor.Next();
                        var module = ParseModule(deferText: true);
                        command = new AssertMalformedCommand(line, module, Utf8(cursor.ExpectString()));
                        break;
                    }

                case "assert_invalid":
                    {
                        cursor.Next();
                        var module = ParseModule(deferText: false);
                        command = new AssertInvalidCommand(line, module, Utf8(cursor.ExpectString()));
                        break;
                    }

                case "assert_unlinkable":
                    {
                        cursor.Next();
                        var module = ParseModule(deferText: false);
                        command = new AssertUnlinkableCommand(line, module, Utf8(cursor.ExpectString()));
                        break;
                    }

                case "assert_uninstantiable":
                    {
                        cursor.Next();
                        var module = ParseModule(deferText: false);
                        command = new AssertUninstantiableCommand(line, module, Utf8(cursor.ExpectString()));
                        break;
                    }

                default:
                    throw cursor.Error("unknown command");
            }

            cursor.ExpectRightParen();
            return command;
        }

        /// <summary>
        /// <c>(module $id? ...)</c> in text, binary or quote form. With <paramref name="deferText"/> (inside
        /// assert_malformed) a text module is kept as its source, to be parsed, and fail, when the command runs.
        /// </summary>
        private WastModule ParseModule(bool deferText)
        {
            var start = cursor.Position;
            var open = cursor.Current;
            cursor.ExpectLeftParen();
            cursor.ExpectKeyword("module");
            var name = cursor.TryId()?.Text;
            if (cursor.TryKeyword("binary"))
            {
                var bytes = new List<byte>();
                while (cursor.Current.Kind == TokenKind.String)
                {
                    bytes.AddRange(cursor.Next().Bytes);
                }

                cursor.ExpectRightParen();
                return new WastModule(WastModuleKind.Binary, name, [.. bytes], null);
            }

            if (cursor.TryKeyword("quote"))
            {
                var parts = new List<string>();
                while (cursor.Current.Kind == TokenKind.String)
                {
                    parts.Add(Encoding.UTF8.GetString(cursor.Next().Bytes));
                }

                cursor.ExpectRightParen();
                return new WastModule(WastModuleKind.Quote, name, null, string.Concat(parts));
            }

            if (deferText)
            {
                cursor.Position = start;
                cursor.SkipItem();
                var end = cursor.Previous;
                return new WastModule(WastModuleKind.Quote, name, null, source[open.Start..end.End]);
            }

            var binary = ModuleParser.Encode(cursor, name);
            cursor.ExpectRightParen();
            return new WastModule(WastModuleKind.Text, name, binary, null);
        }

        private WastAction ParseAction()
        {
            cursor.ExpectLeftParen();
            var keyword = cursor.Next();
            WastAction action;
            switch (keyword.Text)
            {
                case "invoke":
                    {
                        var module = cursor.TryId()?.Text;
                        var name = Utf8(cursor.ExpectString());
                        var arguments = new List<WastValue>();
                        while (cursor.IsLeftParen)
                        {
                            arguments.Add(_values.ParseValue());
                        }

                        action = new InvokeAction(module, name, arguments);
                        break;
                    }

                case "get":
                    {
                        var module = cursor.TryId()?.Text;
                        action = new GetAction(module, Utf8(cursor.ExpectString()));
                        break;
                    }

                default:
                    throw cursor.Error(keyword, "unexpected token");
            }

            cursor.ExpectRightParen();
            return action;
        }

        private static string Utf8(Token token) => Encoding.UTF8.GetString(token.Bytes);
    }
}
