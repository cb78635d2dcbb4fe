using Wisp.Model;

namespace Wisp.Loader.Text;

// Types, type uses, limits and index references.
internal sealed partial class ModuleParser
{
    /// <summary>A resolved type use: the index written to the binary and the signature it stands for.</summary>
    private readonly record struct TypeUse(uint TypeIndex, FunctionType Type);

    /// <summary><c>(func (param ...)* (result ...)*)</c> of a type field, after <c>(type $id?</c>.</summary>
    private FunctionType ParseTypeDefinition()
    {
        _cursor.ExpectLeftParen();
        _cursor.ExpectKeyword("func");
        var parameters = new List<ValType>();
        var results = new List<ValType>();
        ParseSignature(null, allowNames: true, parameters, results);
        _cursor.ExpectRightParen();
        return new FunctionType([.. parameters], [.. results]);
    }

    /// <summary>
    /// Inline <c>(param ...)*</c> then <c>(result ...)*</c>. Parameter names go to <paramref name="names"/>;
    /// returns whether any param or result group was written.
    /// </summary>
    private bool ParseSignature(List<Token?>? names, bool allowNames, List<ValType> parameters, List<ValType> results)
    {
        var any = false;
        while (_cursor.TryGroup("param"))
        {
            any = true;
            if (_cursor.Current.Kind == TokenKind.Id)
            {
                if (!allowNames)
                {
                    throw _cursor.Unexpected();
                }

                var id = _cursor.Next();
                names?.Add(id);
                parameters.Add(ParseValType());
            }
            else
            {
                while (!_cursor.IsRightParen)
                {
                    names?.Add(null);
                    parameters.Add(ParseValType());
                }
            }

            _cursor.ExpectRightParen();
        }

        while (_cursor.TryGroup("result"))
        {
            any = true;
            while (!_cursor.IsRightParen)
            {
                results.Add(ParseValType());
            }

            _cursor.ExpectRightParen();
        }

        if (_cursor.IsGroup("param"))
        {
            // Parameters after results.
            throw _cursor.Unexpected();
        }

        return any;
    }

    /// <summary>
    /// <c>(type x)? (param ...)* (result ...)*</c>. Without <c>(type x)</c> the signature's first matching type
    /// is used, or a new one appended. Parameters become the first locals of <paramref name="locals"/>.
    /// </summary>
    private TypeUse ParseTypeUse(NameTable? locals, bool allowNames = true)
    {
        uint? explicitIndex = null;
        var typeToken = _cursor.Current;
        if (_cursor.TryGroup("type"))
        {
            explicitIndex = ParseIndex(_typeNames);
            _cursor.ExpectRightParen();
        }

        var names = new List<Token?>();
        var parameters = new List<ValType>();
        var results = new List<ValType>();
        var inline = ParseSignature(names, allowNames, parameters, results);
        var inlineType = new FunctionType([.. parameters], [.. results]);
        TypeUse use;
        if (explicitIndex is { } index)
        {
            var known = index < _types.Count ? _types[(int)index] : null;
            if (inline && known is null)
            {
                throw _cursor.Error(typeToken, "unknown type");
            }

            if (inline && !known!.Equals(inlineType))
            {
                throw _cursor.Error(typeToken, "inline function type");
            }

            if (!inline && known is not null)
            {
                names.AddRange(Enumerable.Repeat<Token?>(null, known.Parameters.Count));
            }

            use = new TypeUse(index, known ?? inlineType);
        }
        else
        {
            use = new TypeUse(FindOrAddType(inlineType), inlineType);
        }

        if (locals is not null)
        {
            foreach (var name in names)
            {
                locals.Add(name, _cursor);
            }
        }

        return use;
    }

    private uint FindOrAddType(FunctionType type)
    {
        var found = _types.IndexOf(type);
        if (found >= 0)
        {
            return (uint)found;
        }

        _types.Add(type);
        return (uint)(_types.Count - 1);
    }

    private ValType ParseValType()
    {
        var token = _cursor.Current;
        ValType? type = token.Kind == TokenKind.Keyword
            ? token.Text switch
            {
                "i32" => ValType.I32,
                "i64" => ValType.I64,
                "f32" => ValType.F32,
                "f64" => ValType.F64,
                "v128" => ValType.V128,
                "funcref" => ValType.FuncRef,
                "externref" => ValType.ExternRef,
                _ => null,
            }
            : null;
        if (type is null)
        {
            throw token.Kind is TokenKind.Keyword or TokenKind.Reserved ? _cursor.UnknownOperator(_cursor.Current) : _cursor.Unexpected();
        }

        _cursor.Next();
        return type.Value;
    }

    private ValType ParseRefType()
    {
        var token = _cursor.Current;
        var type = ParseValType();
        if (!type.IsReference())
        {
            throw _cursor.Error(token, "unexpected token");
        }

        return type;
    }

    private (uint Min, uint? Max) ParseLimits()
    {
        var min = ParseU32("i32 constant out of range");
        uint? max = _cursor.Current.Kind == TokenKind.Number ? ParseU32("i32 constant out of range") : null;
        return (min, max);
    }

    private static void WriteLimits(WasmWriter writer, (uint Min, uint? Max) limits)
    {
        writer.Byte(limits.Max is null ? (byte)0x00 : (byte)0x01);
        writer.U32(limits.Min);
        if (limits.Max is { } max)
        {
            writer.U32(max);
        }
    }

    private ((uint Min, uint? Max) Limits, ValType Type) ParseTableType()
    {
        var limits = ParseLimits();
        return (limits, ParseRefType());
    }

    private (ValType Type, bool Mutable) ParseGlobalType()
    {
        if (_cursor.TryGroup("mut"))
        {
            var type = ParseValType();
            _cursor.ExpectRightParen();
            return (type, true);
        }

        return (ParseValType(), false);
    }

    private static void WriteGlobalType(WasmWriter writer, (ValType Type, bool Mutable) global)
    {
        writer.Byte((byte)global.Type);
        writer.Byte(global.Mutable ? (byte)0x01 : (byte)0x00);
    }

    /// <summary>A u32 literal; <paramref name="outOfRange"/> words the error when it does not fit.</summary>
    private uint ParseU32(string outOfRange)
    {
        var token = _cursor.Current;
        if (token.Kind != TokenKind.Number)
        {
            throw token.Kind is TokenKind.Keyword or TokenKind.Reserved ? _cursor.UnknownOperator(_cursor.Current) : _cursor.Unexpected();
        }

        switch (IntegerLiteral.TryParseUnsigned(token.Text, 32, out var value))
        {
            case LiteralStatus.Ok:
                _cursor.Next();
                return (uint)value;
            case LiteralStatus.OutOfRange:
                throw _cursor.Error(outOfRange);
            default:
                throw _cursor.UnknownOperator(_cursor.Current);
        }
    }

    private bool IsIndexToken => _cursor.Current.Kind is TokenKind.Number or TokenKind.Id;

    /// <summary>A numeric index (any u32; range is the validator's business) or a <c>$name</c> that must exist.</summary>
    private uint ParseIndex(NameTable space)
    {
        var token = _cursor.Current;
        if (token.Kind == TokenKind.Id)
        {
            _cursor.Next();
            return space.TryResolve(token.Text, out var index) ? index : throw _cursor.Error(token, $"unknown {space.Kind}");
        }

        return ParseU32("constant out of range");
    }
}
