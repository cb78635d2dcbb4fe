using Wisp.Model;

namespace Wisp.Loader.Text;

// Element and data segments (spec 6.6.9, 6.6.10).
internal sealed partial class ModuleParser
{
    private enum ElemMode
    {
        Active,
        Passive,
        Declarative,
    }

    /// <summary>One element: its constant expression (with <c>end</c>), and the function index when it is just <c>ref.func x</c>.</summary>
    private readonly record struct ElemItem(byte[] Expression, uint? FunctionIndex);

    private void ParseElem()
    {
        _cursor.TryId();
        if (_cursor.TryKeyword("declare"))
        {
            var (declaredType, declaredItems) = ParseElemList(allowBareIndices: false);
            WriteElemSegment(ElemMode.Declarative, 0, null, declaredType, declaredItems);
            return;
        }

        var (table, offset) = ParseSegmentTarget("table", _tables);

        var (type, items) = ParseElemList(allowBareIndices: offset is not null);
        WriteElemSegment(offset is null ? ElemMode.Passive : ElemMode.Active, table, offset, type, items);
    }

    /// <summary><c>(offset instr*)</c> or a single folded instruction, with the terminating <c>end</c>.</summary>
    private byte[] ParseOffset()
    {
        var w = new WasmWriter();
        if (_cursor.TryGroup("offset"))
        {
            ParseInstructions(new FunctionContext(), w);
            _cursor.ExpectRightParen();
        }
        else
        {
            ParseFolded(new FunctionContext(), w);
        }

        w.Byte(0x0B);
        return w.ToArray();
    }

    /// <summary><c>func x*</c>, <c>reftype elemexpr*</c>, or (after an offset) the legacy bare <c>x*</c>.</summary>
    private (ValType Type, List<ElemItem> Items) ParseElemList(bool allowBareIndices)
    {
        if (_cursor.TryKeyword("func"))
        {
            return (ValType.FuncRef, ParseFunctionIndexItems());
        }

        if (_cursor.Current.Kind == TokenKind.Keyword)
        {
            var type = ParseRefType();
            return (type, ParseElemItems(allowBareIndices: false));
        }

        if (!allowBareIndices)
        {
            throw _cursor.Unexpected();
        }

        return (ValType.FuncRef, ParseFunctionIndexItems());
    }

    private List<ElemItem> ParseFunctionIndexItems()
    {
        var items = new List<ElemItem>();
        while (IsIndexToken)
        {
            var index = ParseIndex(_funcs);
            var w = new WasmWriter();
            w.Byte(0xD2);
            w.U32(index);
            w.Byte(0x0B);
            items.Add(new ElemItem(w.ToArray(), index));
        }

        return items;
    }

    /// <summary>Element expressions: <c>(item instr*)</c> or one folded instruction each; bare indices if allowed.</summary>
    private List<ElemItem> ParseElemItems(bool allowBareIndices)
    {
        if (allowBareIndices && !_cursor.IsLeftParen)
        {
            return ParseFunctionIndexItems();
        }

        var items = new List<ElemItem>();
        while (_cursor.IsLeftParen)
        {
            var w = new WasmWriter();
            if (_cursor.TryGroup("item"))
            {
                ParseInstructions(new FunctionContext(), w);
                _cursor.ExpectRightParen();
            }
            else
            {
                ParseFolded(new FunctionContext(), w);
            }

            w.Byte(0x0B);
            var bytes = w.ToArray();
            items.Add(new ElemItem(bytes, AsRefFunc(bytes)));
        }

        return items;
    }

    /// <summary>The function index if <paramref name="expression"/> is exactly <c>ref.func x end</c>.</summary>
    private static uint? AsRefFunc(byte[] expression)
    {
        if (expression.Length < 3 || expression[0] != 0xD2 || expression[^1] != 0x0B)
        {
            return null;
        }

        uint value = 0;
        var shift = 0;
        for (var i = 1; i < expression.Length - 1; i++)
        {
            value |= (uint)(expression[i] & 0x7F) << shift;
            shift += 7;
            if ((expression[i] & 0x80) == 0)
            {
                return i == expression.Length - 2 ? value : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Picks the most compact of the eight segment encodings (spec 5.5.12): function indices when every
    /// element is <c>ref.func</c> of a funcref segment, and an explicit table only when needed.
    /// </summary>
    private void WriteElemSegment(ElemMode mode, uint table, byte[]? offset, ValType type, List<ElemItem> items)
    {
        var useExpressions = type != ValType.FuncRef || items.Any(i => i.FunctionIndex is null);
        var explicitTable = mode == ElemMode.Active && (table != 0 || type != ValType.FuncRef);
        var flags = mode switch
        {
            ElemMode.Active => explicitTable ? 2u : 0u,
            ElemMode.Passive => 1u,
            _ => 3u,
        };
        if (useExpressions)
        {
            flags |= 4;
        }

        var w = _elementSection.Entry();
        w.U32(flags);
        if (explicitTable)
        {
            w.U32(table);
        }

        if (offset is not null)
        {
            w.Bytes(offset);
        }

        if ((flags & 3) != 0)
        {
            w.Byte(useExpressions ? (byte)type : (byte)0x00);
        }

        w.U32((uint)items.Count);
        foreach (var item in items)
        {
            if (useExpressions)
            {
                w.Bytes(item.Expression);
            }
            else
            {
                w.U32(item.FunctionIndex!.Value);
            }
        }
    }

    /// <summary>
    /// The optional <c>(table x)</c> / <c>(memory x)</c> of an element or data segment, then its offset
    /// expression, which makes the segment active. Naming a table or memory without an offset is malformed.
    /// </summary>
    private (uint Index, byte[]? Offset) ParseSegmentTarget(string keyword, NameTable space)
    {
        var index = 0u;
        var named = false;
        if (_cursor.TryGroup(keyword))
        {
            index = ParseIndex(space);
            _cursor.ExpectRightParen();
            named = true;
        }

        if (_cursor.IsLeftParen)
        {
            return (index, ParseOffset());
        }

        return named ? throw _cursor.Unexpected() : (index, null);
    }

    private void ParseData()
    {
        _cursor.TryId();
        var (memory, offset) = ParseSegmentTarget("memory", _memories);

        WriteDataSegment(memory, offset, ParseDataStrings(), offset is not null);
    }

    private byte[] ParseDataStrings()
    {
        var bytes = new List<byte>();
        while (_cursor.Current.Kind == TokenKind.String)
        {
            bytes.AddRange(_cursor.Next().Bytes);
        }

        return [.. bytes];
    }

    private void WriteDataSegment(uint memory, byte[]? offset, byte[] bytes, bool active)
    {
        var w = _dataSection.Entry();
        if (!active)
        {
            w.Byte(0x01);
        }
        else if (memory == 0)
        {
            w.Byte(0x00);
        }
        else
        {
            w.Byte(0x02);
            w.U32(memory);
        }

        if (active)
        {
            w.Bytes(offset!);
        }

        w.Vector(bytes);
    }
}
