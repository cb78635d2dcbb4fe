using Wisp.Diagnostics;
using Wisp.Model;
using Wisp.Validation;

namespace Wisp.Tests.Validation;

/// <summary>
/// Builds <see cref="ModuleDefinition"/>s by hand for validator tests: the validator's input is the
/// model, so its rules can be exercised without going through the decoder. Function bodies are raw
/// instruction bytes including the final <c>end</c>.
/// </summary>
internal sealed class TestModuleBuilder
{
    private readonly List<FunctionType> _types = [];
    private readonly List<Import> _imports = [];
    private readonly List<uint> _functions = [];
    private readonly List<FunctionBody> _bodies = [];
    private readonly List<TableType> _tables = [];
    private readonly List<MemoryType> _memories = [];
    private readonly List<GlobalDefinition> _globals = [];
    private readonly List<Export> _exports = [];
    private readonly List<ElementSegment> _elements = [];
    private readonly List<DataSegment> _data = [];
    private uint? _start;
    private uint? _dataCount;
    private bool _withDataCount;

    public static FunctionType Signature(ValType[] parameters, ValType[] results) => new(parameters, results);

    public static ConstantExpression Expression(params byte[] code) => new(code, 0);

    /// <summary>Adds a type (reusing an equal one) and returns its index.</summary>
    public uint Type(FunctionType type)
    {
        var index = _types.IndexOf(type);
        if (index >= 0)
        {
            return (uint)index;
        }

        _types.Add(type);
        return (uint)(_types.Count - 1);
    }

    public TestModuleBuilder AddTypeEntry(FunctionType type)
    {
        _types.Add(type);
        return this;
    }

    public TestModuleBuilder Function(FunctionType type, byte[] code, params LocalGroup[] locals)
    {
        _functions.Add(Type(type));
        _bodies.Add(new FunctionBody(locals, code, 0));
        return this;
    }

    /// <summary>A function of type [] -> [].</summary>
    public TestModuleBuilder Function(byte[] code, params LocalGroup[] locals) => Function(FunctionType.Empty, code, locals);

    public TestModuleBuilder ImportFunction(FunctionType type)
    {
        _imports.Add(new Import("m", $"f{_imports.Count}", ExternalKind.Function) { TypeIndex = Type(type) });
        return this;
    }

    public TestModuleBuilder ImportGlobal(ValType type, bool mutable)
    {
        _imports.Add(new Import("m", $"g{_imports.Count}", ExternalKind.Global) { Global = new GlobalType(type, mutable) });
        return this;
    }

    public TestModuleBuilder ImportMemory(uint minimum, uint? maximum = null)
    {
        _imports.Add(new Import("m", $"mem{_imports.Count}", ExternalKind.Memory) { Memory = new MemoryType(new Limits(minimum, maximum)) });
        return this;
    }

    public TestModuleBuilder Table(ValType elementType, uint minimum, uint? maximum = null)
    {
        _tables.Add(new TableType(elementType, new Limits(minimum, maximum)));
        return this;
    }

    public TestModuleBuilder Memory(uint minimum, uint? maximum = null)
    {
        _memories.Add(new MemoryType(new Limits(minimum, maximum)));
        return this;
    }

    public TestModuleBuilder Global(ValType type, bool mutable, params byte[] initializer)
    {
        _globals.Add(new GlobalDefinition(new GlobalType(type, mutable), Expression(initializer)));
        return this;
    }

    public TestModuleBuilder Export(string name, ExternalKind kind, uint index)
    {
        _exports.Add(new Export(name, kind, index));
        return this;
    }

    public TestModuleBuilder Start(uint function)
    {
        _start = function;
        return this;
    }

    public TestModuleBuilder Element(ElementSegment segment)
    {
        _elements.Add(segment);
        return this;
    }

    /// <summary>A declarative segment naming <paramref name="functions"/> (what <c>(elem declare func ...)</c> produces).</summary>
    public TestModuleBuilder DeclareFunctions(params byte[] functions) =>
        Element(new ElementSegment(ValType.FuncRef, [.. functions.Select(f => Expression(0xD2, f, 0x0B))], SegmentMode.Declarative, 0, null));

    public TestModuleBuilder PassiveData(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _data.Add(new DataSegment(new byte[] { 1, 2 }, SegmentMode.Passive, 0, null));
        }

        _withDataCount = true;
        return this;
    }

    public TestModuleBuilder Data(DataSegment segment)
    {
        _data.Add(segment);
        return this;
    }

    public TestModuleBuilder DataCount(uint? count)
    {
        _dataCount = count;
        _withDataCount = false;
        return this;
    }

    public ModuleDefinition Build() => new()
    {
        Types = _types,
        Imports = _imports,
        FunctionTypeIndices = _functions,
        Tables = _tables,
        Memories = _memories,
        Globals = _globals,
        Exports = _exports,
        StartFunction = _start,
        Elements = _elements,
        DataCount = _withDataCount ? (uint)_data.Count : _dataCount,
        Bodies = _bodies,
        Data = _data,
        CustomSections = [],
    };

    public void AssertValid() => ModuleValidator.Validate(Build());

    /// <summary>Asserts the module is invalid with a reason containing <paramref name="reason"/> (as the spec testsuite checks it).</summary>
    public InvalidModuleException AssertInvalid(string reason)
    {
        var exception = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(Build()));
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        return exception;
    }

    public MalformedModuleException AssertMalformed(string reason)
    {
        var exception = Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(Build()));
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        return exception;
    }
}
