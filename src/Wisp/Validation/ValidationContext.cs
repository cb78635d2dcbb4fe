using Wisp.Diagnostics;
using Wisp.Model;

namespace Wisp.Validation;

/// <summary>
/// The spec's validation context C (spec 3.1.6) for one module, flattened into arrays so that the
/// per-instruction checks are plain index operations.
/// </summary>
internal sealed class ValidationContext
{
    public ValidationContext(ModuleDefinition module)
    {
        Module = module;
        Types = module.Types;
        var spaces = module.Spaces;
        FunctionTypeIndices = [.. spaces.FunctionTypeIndices];
        ImportedFunctionCount = spaces.ImportedFunctionCount;
        Tables = [.. spaces.Tables];
        MemoryCount = spaces.Memories.Count;
        Globals = [.. spaces.Globals];
        ImportedGlobalCount = spaces.ImportedGlobalCount;
        var elements = module.Elements;
        ElementTypes = new ValType[elements.Count];
        for (var i = 0; i < ElementTypes.Length; i++)
        {
            ElementTypes[i] = elements[i].ElementType;
        }

        DataSegmentCount = module.Data.Count;
        HasDataCountSection = module.DataCount.HasValue;
        DeclaredReferences = new bool[FunctionTypeIndices.Length];
    }

    public ModuleDefinition Module { get; }

    public IReadOnlyList<FunctionType> Types { get; }

    /// <summary>Type index of every function, imports first. Checked against <see cref="Types"/> before any body is validated.</summary>
    public uint[] FunctionTypeIndices { get; }

    public int ImportedFunctionCount { get; }

    public TableType[] Tables { get; }

    public int MemoryCount { get; }

    public GlobalType[] Globals { get; }

    /// <summary>Constant expressions (spec 2.0) may only read imported globals.</summary>
    public int ImportedGlobalCount { get; }

    public ValType[] ElementTypes { get; }

    public int DataSegmentCount { get; }

    public bool HasDataCountSection { get; }

    /// <summary>C.refs (spec 3.4.10): functions that <c>ref.func</c> may name inside function bodies.</summary>
    public bool[] DeclaredReferences { get; }

    /// <summary>The spec testsuite's wording for a missing index: "unknown global 3".</summary>
    public static InvalidModuleException Unknown(string category, uint index, long offset, string? location = null) =>
        new($"unknown {category} {index}", offset, location);

    public FunctionType TypeAt(uint index, long offset, string? location = null) =>
        index < (uint)Types.Count ? Types[(int)index] : throw Unknown("type", index, offset, location);

    /// <summary>The type of function <paramref name="index"/>; function type indices are already known to be valid.</summary>
    public FunctionType FunctionTypeAt(uint index, long offset, string? location = null) =>
        index < (uint)FunctionTypeIndices.Length
            ? Types[(int)FunctionTypeIndices[index]]
            : throw Unknown("function", index, offset, location);

    public TableType TableAt(uint index, long offset, string? location = null) =>
        index < (uint)Tables.Length ? Tables[index] : throw Unknown("table", index, offset, location);

    public void RequireMemory(uint index, long offset, string? location = null)
    {
        if (index >= (uint)MemoryCount)
        {
            throw Unknown("memory", index, offset, location);
        }
    }

    public GlobalType GlobalAt(uint index, long offset, string? location = null) =>
        index < (uint)Globals.Length ? Globals[index] : throw Unknown("global", index, offset, location);

    public ValType ElementTypeAt(uint index, long offset) =>
        index < (uint)ElementTypes.Length ? ElementTypes[index] : throw Unknown("elem segment", index, offset);

    /// <summary>
    /// memory.init and data.drop: the segment must exist, and the binary format requires a data count
    /// section before the code (spec 5.5.16). The index is checked first: a text module with no data
    /// segments at all is simply invalid, whether or not its encoder wrote a data count.
    /// </summary>
    public void RequireDataSegment(uint index, long offset)
    {
        if (index >= (uint)DataSegmentCount)
        {
            throw Unknown("data segment", index, offset);
        }

        if (!HasDataCountSection)
        {
            throw new MalformedModuleException("data count section required", offset);
        }
    }

    public void DeclareReference(uint functionIndex)
    {
        if (functionIndex < (uint)DeclaredReferences.Length)
        {
            DeclaredReferences[functionIndex] = true;
        }
    }
}
