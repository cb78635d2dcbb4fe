using System.Text;
using Wisp.Model;

namespace Wisp.Loader.Text;

/// <summary>
/// Parses the fields of one text module and encodes them to the binary format. Two passes: the first
/// collects every field's <c>$name</c> (names may be used before their definition) and the explicit types;
/// the second parses each field and writes it into its section.
/// </summary>
internal sealed partial class ModuleParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly TokenCursor _cursor;

    private readonly NameTable _typeNames = new("type");
    private readonly NameTable _funcs = new("func");
    private readonly NameTable _tables = new("table");
    private readonly NameTable _memories = new("memory");
    private readonly NameTable _globals = new("global");
    private readonly NameTable _elems = new("elem");
    private readonly NameTable _datas = new("data");

    /// <summary>Explicit types (from the first pass) followed by the implicit ones, appended in order of first use.</summary>
    private readonly List<FunctionType> _types = [];

    private readonly Section _importSection = new(2);
    private readonly Section _functionSection = new(3);
    private readonly Section _tableSection = new(4);
    private readonly Section _memorySection = new(5);
    private readonly Section _globalSection = new(6);
    private readonly Section _exportSection = new(7);
    private readonly Section _elementSection = new(9);
    private readonly Section _codeSection = new(10);
    private readonly Section _dataSection = new(11);
    private uint? _start;

    // Second-pass counters: the index of the field being parsed in each space.
    private uint _nextFunc;
    private uint _nextTable;
    private uint _nextMemory;
    private uint _nextGlobal;

    /// <summary>The module's <c>$name</c>, without the <c>$</c>, for the name section.</summary>
    private readonly string? _moduleName;

    private ModuleParser(TokenCursor cursor, string? moduleName)
    {
        _cursor = cursor;
        _moduleName = moduleName is ['$', .. var rest] ? rest : moduleName;
    }

    /// <summary>A section's entries and their count, written out as <c>id size count entries</c>.</summary>
    private sealed class Section(byte id)
    {
        public byte Id => id;

        public uint Count { get; set; }

        public WasmWriter Body { get; } = new();

        /// <summary>Starts a new entry and returns the writer for it.</summary>
        public WasmWriter Entry()
        {
            Count++;
            return Body;
        }
    }

    /// <summary>
    /// Parses module fields up to (not including) the closing <c>)</c> or the end of input, and encodes them.
    /// <paramref name="moduleName"/> (the module's <c>$id</c>, if any) and the fields' <c>$names</c> go into a
    /// <c>name</c> section, as Wasmtime's text parser does, so that traps can name functions.
    /// </summary>
    public static byte[] Encode(TokenCursor cursor, string? moduleName = null)
    {
        var parser = new ModuleParser(cursor, moduleName);
        var start = cursor.Position;
        parser.CollectNames();
        cursor.Position = start;
        while (cursor.IsLeftParen)
        {
            parser.ParseField();
        }

        if (!cursor.IsRightParen && !cursor.AtEnd)
        {
            throw cursor.Unexpected();
        }

        return parser.Assemble();
    }

    private byte[] Assemble()
    {
        var output = new WasmWriter();
        output.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        if (_types.Count > 0)
        {
            var types = new WasmWriter();
            types.U32((uint)_types.Count);
            foreach (var type in _types)
            {
                types.Byte(0x60);
                WriteValTypes(types, type.Parameters);
                WriteValTypes(types, type.Results);
            }

            WriteSection(output, 1, types);
        }

        WriteCounted(output, _importSection);
        WriteCounted(output, _functionSection);
        WriteCounted(output, _tableSection);
        WriteCounted(output, _memorySection);
        WriteCounted(output, _globalSection);
        WriteCounted(output, _exportSection);
        if (_start is { } start)
        {
            var body = new WasmWriter();
            body.U32(start);
            WriteSection(output, 8, body);
        }

        WriteCounted(output, _elementSection);
        if (_dataSection.Count > 0)
        {
            // The data count section lets memory.init and data.drop validate before the data section is seen.
            var count = new WasmWriter();
            count.U32(_dataSection.Count);
            WriteSection(output, 12, count);
        }

        WriteCounted(output, _codeSection);
        WriteCounted(output, _dataSection);
        WriteNameSection(output);
        return output.ToArray();
    }

    /// <summary>The <c>name</c> custom section (spec 7.4.1): module name and function names, when there are any.</summary>
    private void WriteNameSection(WasmWriter output)
    {
        var functions = _funcs.Named().ToList();
        if (_moduleName is null && functions.Count == 0)
        {
            return;
        }

        var content = new WasmWriter();
        WriteName(content, "name");
        if (_moduleName is not null)
        {
            var module = new WasmWriter();
            WriteName(module, _moduleName);
            WriteSection(content, 0, module);
        }

        if (functions.Count > 0)
        {
            var map = new WasmWriter();
            map.U32((uint)functions.Count);
            foreach (var (index, name) in functions)
            {
                map.U32(index);
                WriteName(map, name);
            }

            WriteSection(content, 1, map);
        }

        WriteSection(output, 0, content);
    }

    private static void WriteName(WasmWriter writer, string name) => writer.Vector(StrictUtf8.GetBytes(name));

    private static void WriteValTypes(WasmWriter writer, IReadOnlyList<ValType> types)
    {
        writer.U32((uint)types.Count);
        foreach (var t in types)
        {
            writer.Byte((byte)t);
        }
    }

    private static void WriteCounted(WasmWriter output, Section section)
    {
        if (section.Count == 0)
        {
            return;
        }

        var body = new WasmWriter();
        body.U32(section.Count);
        body.Bytes(section.Body);
        WriteSection(output, section.Id, body);
    }

    private static void WriteSection(WasmWriter output, byte id, WasmWriter body)
    {
        output.Byte(id);
        output.U32((uint)body.Length);
        output.Bytes(body);
    }

    /// <summary>
    /// First pass: names of every field in each index space, explicit type definitions, and the rule that
    /// imports precede all definitions.
    /// </summary>
    private void CollectNames()
    {
        string? firstDefinition = null;
        while (_cursor.IsLeftParen)
        {
            var fieldStart = _cursor.Position;
            var keywordToken = _cursor.Peek(1);
            if (keywordToken.Kind != TokenKind.Keyword)
            {
                _cursor.Next();
                throw _cursor.Unexpected();
            }

            _cursor.Position += 2;
            switch (keywordToken.Text)
            {
                case "type":
                    _typeNames.Add(_cursor.TryId(), _cursor);
                    _types.Add(ParseTypeDefinition());
                    break;
                case "import":
                    {
                        if (firstDefinition is not null)
                        {
                            throw _cursor.Error(keywordToken, $"import after {firstDefinition}");
                        }

                        _cursor.ExpectString();
                        _cursor.ExpectString();
                        _cursor.ExpectLeftParen();
                        var kind = _cursor.Next();
                        SpaceOf(kind).Add(_cursor.TryId(), _cursor);
                        break;
                    }

                case "func" or "table" or "memory" or "global":
                    {
                        var space = SpaceOf(keywordToken);
                        space.Add(_cursor.TryId(), _cursor);
                        while (_cursor.IsGroup("export"))
                        {
                            _cursor.SkipItem();
                        }

                        if (_cursor.IsGroup("import"))
                        {
                            if (firstDefinition is not null)
                            {
                                throw _cursor.Error(keywordToken, $"import after {firstDefinition}");
                            }
                        }
                        else
                        {
                            firstDefinition ??= keywordToken.Text == "func" ? "function" : keywordToken.Text;
                            CollectInlineSegments(keywordToken.Text);
                        }

                        break;
                    }

                case "elem":
                    _elems.Add(_cursor.TryId(), _cursor);
                    break;
                case "data":
                    _datas.Add(_cursor.TryId(), _cursor);
                    break;
                case "export" or "start":
                    break;
                default:
                    throw _cursor.UnknownOperator(keywordToken);
            }

            _cursor.Position = fieldStart;
            _cursor.SkipItem();
        }
    }

    /// <summary>A table's inline <c>(elem ...)</c> and a memory's inline <c>(data ...)</c> are segments with indices of their own.</summary>
    private void CollectInlineSegments(string field)
    {
        var keyword = field switch
        {
            "table" => "elem",
            "memory" => "data",
            _ => null,
        };
        if (keyword is null)
        {
            return;
        }

        while (!_cursor.IsRightParen && !_cursor.AtEnd)
        {
            if (_cursor.IsGroup(keyword))
            {
                (keyword == "elem" ? _elems : _datas).Add(null, _cursor);
                return;
            }

            _cursor.SkipItem();
        }
    }

    private NameTable SpaceOf(Token kind) => kind.Kind == TokenKind.Keyword
        ? kind.Text switch
        {
            "func" => _funcs,
            "table" => _tables,
            "memory" => _memories,
            "global" => _globals,
            _ => throw _cursor.Error(kind, "unexpected token"),
        }
        : throw (kind.Kind == TokenKind.Reserved ? _cursor.UnknownOperator(kind) : _cursor.Error(kind, "unexpected token"));

    private void ParseField()
    {
        _cursor.ExpectLeftParen();
        var keyword = _cursor.Next();
        switch (keyword.Text)
        {
            case "type":
                // Already parsed in the first pass.
                _cursor.Position--;
                _cursor.Position--;
                _cursor.SkipItem();
                return;
            case "import":
                ParseImport();
                break;
            case "func":
                ParseFunction();
                break;
            case "table":
                ParseTable();
                break;
            case "memory":
                ParseMemory();
                break;
            case "global":
                ParseGlobal();
                break;
            case "export":
                ParseExport();
                break;
            case "start":
                if (_start is not null)
                {
                    throw _cursor.Error(keyword, "multiple start sections");
                }

                _start = ParseIndex(_funcs);
                break;
            case "elem":
                ParseElem();
                break;
            case "data":
                ParseData();
                break;
            default:
                throw _cursor.UnknownOperator(keyword);
        }

        _cursor.ExpectRightParen();
    }

    /// <summary>A name string, which must be valid UTF-8.</summary>
    private byte[] ParseName()
    {
        var token = _cursor.ExpectString();
        try
        {
            StrictUtf8.GetString(token.Bytes);
        }
        catch (ArgumentException)
        {
            throw _cursor.Error(token, "malformed UTF-8 encoding");
        }

        return token.Bytes;
    }

    private void ParseImport()
    {
        var module = ParseName();
        var name = ParseName();
        _cursor.ExpectLeftParen();
        var kind = _cursor.Next();
        _cursor.TryId();
        switch (kind.Text)
        {
            case "func":
                WriteFunctionImport(module, name, ParseTypeUse(null).TypeIndex);
                _nextFunc++;
                break;
            case "table":
                {
                    var (limits, type) = ParseTableType();
                    WriteImportHeader(module, name, 0x01);
                    _importSection.Body.Byte((byte)type);
                    WriteLimits(_importSection.Body, limits);
                    _nextTable++;
                    break;
                }

            case "memory":
                WriteImportHeader(module, name, 0x02);
                WriteLimits(_importSection.Body, ParseLimits());
                _nextMemory++;
                break;
            case "global":
                WriteImportHeader(module, name, 0x03);
                WriteGlobalType(_importSection.Body, ParseGlobalType());
                _nextGlobal++;
                break;
            default:
                throw _cursor.Error(kind, "unexpected token");
        }

        _cursor.ExpectRightParen();
    }

    private void WriteImportHeader(byte[] module, byte[] name, byte kind)
    {
        var w = _importSection.Entry();
        w.Vector(module);
        w.Vector(name);
        w.Byte(kind);
    }

    private void WriteFunctionImport(byte[] module, byte[] name, uint typeIndex)
    {
        WriteImportHeader(module, name, 0x00);
        _importSection.Body.U32(typeIndex);
    }

    /// <summary>Inline <c>(export "name")</c> abbreviations, then an optional inline <c>(import "m" "n")</c>.</summary>
    private (byte[] Module, byte[] Name)? ParseInlineExportsAndImport(byte kind, uint index)
    {
        while (_cursor.TryGroup("export"))
        {
            WriteExport(ParseName(), kind, index);
            _cursor.ExpectRightParen();
        }

        if (!_cursor.TryGroup("import"))
        {
            return null;
        }

        var module = ParseName();
        var name = ParseName();
        _cursor.ExpectRightParen();
        return (module, name);
    }

    private void WriteExport(byte[] name, byte kind, uint index)
    {
        var w = _exportSection.Entry();
        w.Vector(name);
        w.Byte(kind);
        w.U32(index);
    }

    private void ParseExport()
    {
        var name = ParseName();
        _cursor.ExpectLeftParen();
        var kind = _cursor.Next();
        var (kindByte, index) = kind.Text switch
        {
            "func" => ((byte)0x00, ParseIndex(_funcs)),
            "table" => ((byte)0x01, ParseIndex(_tables)),
            "memory" => ((byte)0x02, ParseIndex(_memories)),
            "global" => ((byte)0x03, ParseIndex(_globals)),
            _ => throw _cursor.Error(kind, "unexpected token"),
        };
        _cursor.ExpectRightParen();
        WriteExport(name, kindByte, index);
    }

    private void ParseFunction()
    {
        _cursor.TryId();
        var index = _nextFunc++;
        if (ParseInlineExportsAndImport(0x00, index) is var (module, name))
        {
            WriteFunctionImport(module, name, ParseTypeUse(null).TypeIndex);
            return;
        }

        var context = new FunctionContext();
        var typeUse = ParseTypeUse(context.Locals);
        _functionSection.Entry().U32(typeUse.TypeIndex);

        var locals = new List<ValType>();
        while (_cursor.TryGroup("local"))
        {
            if (_cursor.TryId() is { } id)
            {
                context.Locals.Add(id, _cursor);
                locals.Add(ParseValType());
            }
            else
            {
                while (!_cursor.IsRightParen)
                {
                    context.Locals.Add(null, _cursor);
                    locals.Add(ParseValType());
                }
            }

            _cursor.ExpectRightParen();
        }

        var body = new WasmWriter();
        WriteLocals(body, locals);
        ParseInstructions(context, body);
        body.Byte(0x0B);
        var entry = _codeSection.Entry();
        entry.U32((uint)body.Length);
        entry.Bytes(body);
    }

    /// <summary>Locals as runs of equal types (spec 5.5.13).</summary>
    private static void WriteLocals(WasmWriter body, List<ValType> locals)
    {
        var runs = new List<(uint Count, ValType Type)>();
        foreach (var t in locals)
        {
            if (runs.Count > 0 && runs[^1].Type == t)
            {
                runs[^1] = (runs[^1].Count + 1, t);
            }
            else
            {
                runs.Add((1, t));
            }
        }

        body.U32((uint)runs.Count);
        foreach (var (count, type) in runs)
        {
            body.U32(count);
            body.Byte((byte)type);
        }
    }

    private void ParseTable()
    {
        _cursor.TryId();
        var index = _nextTable++;
        if (ParseInlineExportsAndImport(0x01, index) is var (module, name))
        {
            var (importLimits, importType) = ParseTableType();
            WriteImportHeader(module, name, 0x01);
            _importSection.Body.Byte((byte)importType);
            WriteLimits(_importSection.Body, importLimits);
            return;
        }

        if (_cursor.Current.Kind == TokenKind.Keyword && _cursor.IsGroup("elem", 1))
        {
            // (table reftype (elem ...)): a table exactly as large as an active segment at offset 0.
            var type = ParseRefType();
            _cursor.TryGroup("elem");
            var items = ParseElemItems(allowBareIndices: true);
            _cursor.ExpectRightParen();
            var size = (uint)items.Count;
            var table = _tableSection.Entry();
            table.Byte((byte)type);
            WriteLimits(table, (size, size));
            WriteElemSegment(ElemMode.Active, index, ConstantI32Zero(), type, items);
            return;
        }

        var (limits, refType) = ParseTableType();
        var w = _tableSection.Entry();
        w.Byte((byte)refType);
        WriteLimits(w, limits);
    }

    private void ParseMemory()
    {
        _cursor.TryId();
        var index = _nextMemory++;
        if (ParseInlineExportsAndImport(0x02, index) is var (module, name))
        {
            WriteImportHeader(module, name, 0x02);
            WriteLimits(_importSection.Body, ParseLimits());
            return;
        }

        if (_cursor.TryGroup("data"))
        {
            // (memory (data ...)): a memory just large enough for an active segment at offset 0.
            var bytes = ParseDataStrings();
            _cursor.ExpectRightParen();
            var pages = (uint)((bytes.Length + 65535L) / 65536);
            WriteLimits(_memorySection.Entry(), (pages, pages));
            WriteDataSegment(index, ConstantI32Zero(), bytes, active: true);
            return;
        }

        WriteLimits(_memorySection.Entry(), ParseLimits());
    }

    private void ParseGlobal()
    {
        _cursor.TryId();
        var index = _nextGlobal++;
        if (ParseInlineExportsAndImport(0x03, index) is var (module, name))
        {
            WriteImportHeader(module, name, 0x03);
            WriteGlobalType(_importSection.Body, ParseGlobalType());
            return;
        }

        var type = ParseGlobalType();
        var w = _globalSection.Entry();
        WriteGlobalType(w, type);
        ParseInstructions(new FunctionContext(), w);
        w.Byte(0x0B);
    }

    private static byte[] ConstantI32Zero() => [0x41, 0x00, 0x0B];
}
