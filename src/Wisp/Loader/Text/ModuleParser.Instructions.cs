using System.Numerics;
using System.Runtime.CompilerServices;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Loader.Text;

// Instructions, flat and folded (spec 6.5), encoded as they are parsed.
internal sealed partial class ModuleParser
{
    /// <summary>Blocks and folded expressions nest by recursion; past this depth the text is rejected, not the stack.</summary>
    private const int MaxNesting = 20_000;

    private int _nesting;

    /// <summary>Instructions up to a <c>)</c>, <c>end</c>, <c>else</c> or the end of input, which the caller handles.</summary>
    private void ParseInstructions(FunctionContext context, WasmWriter w)
    {
        while (true)
        {
            var token = _cursor.Current;
            switch (token.Kind)
            {
                case TokenKind.LeftParen:
                    ParseFolded(context, w);
                    break;
                case TokenKind.Keyword when token.Text is "end" or "else":
                    return;
                case TokenKind.Keyword:
                    ParsePlain(context, w);
                    break;
                case TokenKind.RightParen or TokenKind.EndOfFile:
                    return;
                case TokenKind.Number or TokenKind.Reserved:
                    throw _cursor.UnknownOperator(_cursor.Current);
                default:
                    throw _cursor.Unexpected();
            }
        }
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw _cursor.Error("nesting too deep");
        }
    }

    private void Leave() => _nesting--;

    /// <summary>A plain instruction; <c>block</c>, <c>loop</c> and <c>if</c> run to their <c>end</c>.</summary>
    private void ParsePlain(FunctionContext context, WasmWriter w)
    {
        var token = _cursor.Next();
        switch (token.Text)
        {
            case "block" or "loop":
                {
                    Enter();
                    var label = _cursor.TryId();
                    w.Byte(token.Text == "block" ? (byte)Opcode.Block : (byte)Opcode.Loop);
                    ParseBlockType(w);
                    context.PushLabel(label);
                    ParseInstructions(context, w);
                    _cursor.ExpectKeyword("end");
                    MatchLabel(context);
                    context.PopLabel();
                    w.Byte((byte)Opcode.End);
                    Leave();
                    break;
                }

            case "if":
                {
                    Enter();
                    var label = _cursor.TryId();
                    w.Byte((byte)Opcode.If);
                    ParseBlockType(w);
                    context.PushLabel(label);
                    ParseInstructions(context, w);
                    if (_cursor.TryKeyword("else"))
                    {
                        MatchLabel(context);
                        w.Byte((byte)Opcode.Else);
                        ParseInstructions(context, w);
                    }

                    _cursor.ExpectKeyword("end");
                    MatchLabel(context);
                    context.PopLabel();
                    w.Byte((byte)Opcode.End);
                    Leave();
                    break;
                }

            default:
                ParseOperator(context, w, token);
                break;
        }
    }

    /// <summary>The optional label after <c>end</c> or <c>else</c> must name the block it closes.</summary>
    private void MatchLabel(FunctionContext context)
    {
        if (_cursor.Current.Kind == TokenKind.Id)
        {
            var id = _cursor.Next();
            if (context.InnermostLabel != id.Text)
            {
                throw _cursor.Error(id, "mismatching label");
            }
        }
    }

    /// <summary>A folded instruction <c>(op imm* folded*)</c>: operands are written before the operator.</summary>
    private void ParseFolded(FunctionContext context, WasmWriter w)
    {
        Enter();
        _cursor.ExpectLeftParen();
        var token = _cursor.Current;
        if (token.Kind != TokenKind.Keyword)
        {
            throw token.Kind == TokenKind.Reserved || token.Kind == TokenKind.Number ? _cursor.UnknownOperator(_cursor.Current) : _cursor.Unexpected();
        }

        _cursor.Next();
        switch (token.Text)
        {
            case "block" or "loop":
                {
                    var label = _cursor.TryId();
                    w.Byte(token.Text == "block" ? (byte)Opcode.Block : (byte)Opcode.Loop);
                    ParseBlockType(w);
                    context.PushLabel(label);
                    ParseInstructions(context, w);
                    context.PopLabel();
                    w.Byte((byte)Opcode.End);
                    break;
                }

            case "if":
                {
                    var label = _cursor.TryId();
                    var blockType = new WasmWriter();
                    ParseBlockType(blockType);
                    while (_cursor.IsLeftParen && !_cursor.IsGroup("then"))
                    {
                        ParseFolded(context, w);
                    }

                    if (!_cursor.TryGroup("then"))
                    {
                        throw _cursor.Unexpected();
                    }

                    w.Byte((byte)Opcode.If);
                    w.Bytes(blockType);
                    context.PushLabel(label);
                    ParseInstructions(context, w);
                    _cursor.ExpectRightParen();
                    if (_cursor.TryGroup("else"))
                    {
                        w.Byte((byte)Opcode.Else);
                        ParseInstructions(context, w);
                        _cursor.ExpectRightParen();
                    }

                    context.PopLabel();
                    w.Byte((byte)Opcode.End);
                    break;
                }

            case "param" or "result" or "local" or "type" or "then" or "else" or "export" or "import" or "item" or "offset" or "end":
                _cursor.Position--;
                throw _cursor.Unexpected();
            default:
                {
                    var op = new WasmWriter();
                    ParseOperator(context, op, token);
                    while (_cursor.IsLeftParen)
                    {
                        ParseFolded(context, w);
                    }

                    w.Bytes(op);
                    break;
                }
        }

        _cursor.ExpectRightParen();
        Leave();
    }

    private static void WriteOpcode(WasmWriter w, OpcodeInfo info)
    {
        if (info.Prefix != 0)
        {
            w.Byte(info.Prefix);
            w.U32(info.Code);
        }
        else
        {
            w.Byte((byte)info.Code);
        }
    }

    /// <summary>An operator from the opcode table and its immediates.</summary>
    private void ParseOperator(FunctionContext context, WasmWriter w, Token mnemonic)
    {
        if (!OpcodeTable.TryGetByMnemonic(mnemonic.Text, out var info) || info.Immediate == ImmediateKind.BlockType)
        {
            throw _cursor.UnknownOperator(mnemonic);
        }

        if (info.Opcode == Opcode.Select && _cursor.IsGroup("result"))
        {
            var types = new List<ValType>();
            while (_cursor.TryGroup("result"))
            {
                while (!_cursor.IsRightParen)
                {
                    types.Add(ParseValType());
                }

                _cursor.ExpectRightParen();
            }

            WriteOpcode(w, OpcodeTable.Get(Opcode.SelectTyped));
            w.U32((uint)types.Count);
            foreach (var t in types)
            {
                w.Byte((byte)t);
            }

            return;
        }

        switch (info.Immediate)
        {
            case ImmediateKind.None:
                WriteOpcode(w, info);
                break;
            case ImmediateKind.Label:
                {
                    var label = ParseLabel(context);
                    WriteOpcode(w, info);
                    w.U32(label);
                    break;
                }

            case ImmediateKind.LabelTable:
                {
                    var labels = new List<uint>();
                    while (IsIndexToken)
                    {
                        labels.Add(ParseLabel(context));
                    }

                    if (labels.Count == 0)
                    {
                        throw _cursor.Unexpected();
                    }

                    WriteOpcode(w, info);
                    w.U32((uint)labels.Count - 1);
                    foreach (var label in labels)
                    {
                        w.U32(label);
                    }

                    break;
                }

            case ImmediateKind.Function:
                WriteIndexed(w, info, ParseIndex(_funcs));
                break;
            case ImmediateKind.Local:
                WriteIndexed(w, info, ParseIndex(context.Locals));
                break;
            case ImmediateKind.Global:
                WriteIndexed(w, info, ParseIndex(_globals));
                break;
            case ImmediateKind.Element:
                WriteIndexed(w, info, ParseIndex(_elems));
                break;
            case ImmediateKind.Data:
                WriteIndexed(w, info, ParseIndex(_datas));
                break;
            case ImmediateKind.Table:
                WriteIndexed(w, info, IsIndexToken ? ParseIndex(_tables) : 0);
                break;
            case ImmediateKind.CallIndirect:
                {
                    var table = IsIndexToken ? ParseIndex(_tables) : 0;
                    var use = ParseTypeUse(null, allowNames: false);
                    WriteOpcode(w, info);
                    w.U32(use.TypeIndex);
                    w.U32(table);
                    break;
                }

            case ImmediateKind.MemArg:
                ParseMemArg(w, info);
                break;
            case ImmediateKind.Memory:
                WriteOpcode(w, info);
                w.Byte(0x00);
                break;
            case ImmediateKind.MemoryInit:
                WriteIndexed(w, info, ParseIndex(_datas));
                w.Byte(0x00);
                break;
            case ImmediateKind.MemoryCopy:
                WriteOpcode(w, info);
                w.Byte(0x00);
                w.Byte(0x00);
                break;
            case ImmediateKind.TableInit:
                {
                    // table.init x? y: with one index it is the element segment of table 0.
                    var table = 0u;
                    if (IsIndexToken && _cursor.Peek(1).Kind is TokenKind.Number or TokenKind.Id)
                    {
                        table = ParseIndex(_tables);
                    }

                    WriteIndexed(w, info, ParseIndex(_elems));
                    w.U32(table);
                    break;
                }

            case ImmediateKind.TableCopy:
                {
                    uint destination = 0, source = 0;
                    if (IsIndexToken)
                    {
                        destination = ParseIndex(_tables);
                        source = ParseIndex(_tables);
                    }

                    WriteOpcode(w, info);
                    w.U32(destination);
                    w.U32(source);
                    break;
                }

            case ImmediateKind.I32:
                WriteOpcode(w, info);
                w.S32((int)ParseIntegerConstant(32));
                break;
            case ImmediateKind.I64:
                WriteOpcode(w, info);
                w.S64((long)ParseIntegerConstant(64));
                break;
            case ImmediateKind.F32:
                WriteOpcode(w, info);
                w.FixedU32((uint)ParseFloatConstant(32));
                break;
            case ImmediateKind.F64:
                WriteOpcode(w, info);
                w.FixedU64(ParseFloatConstant(64));
                break;
            case ImmediateKind.HeapType:
                {
                    var heap = _cursor.Next();
                    var type = heap.Kind == TokenKind.Keyword
                        ? heap.Text switch
                        {
                            "func" => ValType.FuncRef,
                            "extern" => ValType.ExternRef,
                            _ => (ValType?)null,
                        }
                        : null;
                    if (type is null)
                    {
                        throw _cursor.Error(heap, "unexpected token");
                    }

                    WriteOpcode(w, info);
                    w.Byte((byte)type.Value);
                    break;
                }

            case ImmediateKind.V128:
                ParseV128Constant(w, info);
                break;
            case ImmediateKind.Lane:
                ParseLaneOperator(w, info);
                break;
            case ImmediateKind.Shuffle:
                ParseShuffle(w, info);
                break;
            case ImmediateKind.MemArgLane:
                ParseMemArgLane(w, info);
                break;
            default:
                throw _cursor.UnknownOperator(mnemonic);
        }
    }

    private static void WriteIndexed(WasmWriter w, OpcodeInfo info, uint index)
    {
        WriteOpcode(w, info);
        w.U32(index);
    }

    /// <summary>A branch target: a relative depth, or the name of an enclosing block.</summary>
    private uint ParseLabel(FunctionContext context)
    {
        var token = _cursor.Current;
        if (token.Kind == TokenKind.Id)
        {
            _cursor.Next();
            return context.TryResolveLabel(token.Text, out var depth) ? depth : throw _cursor.Error(token, "unknown label");
        }

        return ParseU32("constant out of range");
    }

    /// <summary><c>offset=N? align=N?</c>; alignment is written as its log2 and defaults to the access width.</summary>
    private void ParseMemArg(WasmWriter w, OpcodeInfo info)
    {
        var offset = 0UL;
        var alignExponent = (uint)BitOperations.Log2((uint)info.AccessWidth);
        if (_cursor.Current.Kind == TokenKind.Keyword && _cursor.Current.Text.StartsWith("offset=", StringComparison.Ordinal))
        {
            offset = ParseMemArgValue("offset=".Length);
        }

        if (_cursor.Current.Kind == TokenKind.Keyword && _cursor.Current.Text.StartsWith("align=", StringComparison.Ordinal))
        {
            var alignToken = _cursor.Current;
            var align = ParseMemArgValue("align=".Length);
            if (align == 0 || (align & (align - 1)) != 0)
            {
                throw _cursor.Error(alignToken, "alignment must be a power of two");
            }

            alignExponent = (uint)BitOperations.Log2(align);
        }

        WriteOpcode(w, info);
        w.U32(alignExponent);
        w.U32((uint)offset);
    }

    private ulong ParseMemArgValue(int prefixLength)
    {
        var token = _cursor.Current;
        switch (IntegerLiteral.TryParseUnsigned(token.Text[prefixLength..], 32, out var value))
        {
            case LiteralStatus.Ok:
                _cursor.Next();
                return value;
            case LiteralStatus.OutOfRange:
                throw _cursor.Error("i32 constant");
            default:
                throw _cursor.UnknownOperator(_cursor.Current);
        }
    }

    private ulong ParseIntegerConstant(int bits)
    {
        var token = _cursor.Current;
        ulong value = 0;
        var status = token.Kind is TokenKind.Number or TokenKind.Keyword
            ? IntegerLiteral.TryParseInteger(token.Text, bits, out value)
            : LiteralStatus.NotANumber;
        return CheckConstant(token, status, value);
    }

    private ulong ParseFloatConstant(int bits)
    {
        var token = _cursor.Current;
        var status = LiteralStatus.NotANumber;
        ulong value = 0;
        if (token.Kind is TokenKind.Number or TokenKind.Keyword)
        {
            if (bits == 32)
            {
                status = FloatLiteral.TryParseF32(token.Text, out var f);
                value = f;
            }
            else
            {
                status = FloatLiteral.TryParseF64(token.Text, out value);
            }
        }

        return CheckConstant(token, status, value);
    }

    private ulong CheckConstant(Token token, LiteralStatus status, ulong value)
    {
        switch (status)
        {
            case LiteralStatus.Ok:
                _cursor.Next();
                return value;
            case LiteralStatus.OutOfRange:
                throw _cursor.Error(token, "constant out of range");
            default:
                var unexpected = token.Kind is not (TokenKind.Number or TokenKind.Keyword or TokenKind.Reserved)
                    || token.Text is "nan:canonical" or "nan:arithmetic";
                throw unexpected ? _cursor.Error(token, "unexpected token") : _cursor.UnknownOperator(token);
        }
    }

    /// <summary>
    /// A block type: nothing, one result, or a type use. Only multi-value signatures (or an explicit
    /// <c>(type x)</c>) need a type index.
    /// </summary>
    private void ParseBlockType(WasmWriter w)
    {
        if (_cursor.IsGroup("type"))
        {
            var use = ParseTypeUse(null, allowNames: false);
            w.S64(use.TypeIndex);
            return;
        }

        var parameters = new List<ValType>();
        var results = new List<ValType>();
        ParseSignature(null, allowNames: false, parameters, results);
        if (parameters.Count == 0 && results.Count <= 1)
        {
            w.Byte(results.Count == 0 ? (byte)0x40 : (byte)results[0]);
            return;
        }

        w.S64(FindOrAddType(new FunctionType([.. parameters], [.. results])));
    }
}
