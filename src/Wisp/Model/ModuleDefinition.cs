namespace Wisp.Model;

/// <summary>
/// A decoded (not yet validated) module: the abstract syntax of spec chapter 2. Produced by the binary
/// decoder (the text parser produces binary, then decodes it), consumed by the validator and compiler.
/// Immutable after decoding.
/// </summary>
public sealed class ModuleDefinition
{
    public required IReadOnlyList<FunctionType> Types { get; init; }

    public required IReadOnlyList<Import> Imports { get; init; }

    /// <summary>Type index of each function defined by the module (imports not included).</summary>
    public required IReadOnlyList<uint> FunctionTypeIndices { get => FunctionTypeIndexArray; init => FunctionTypeIndexArray = AsArray(value); }

    public required IReadOnlyList<TableType> Tables { get => TableArray; init => TableArray = AsArray(value); }

    public required IReadOnlyList<MemoryType> Memories { get => MemoryArray; init => MemoryArray = AsArray(value); }

    public required IReadOnlyList<GlobalDefinition> Globals { get; init; }

    public required IReadOnlyList<Export> Exports { get; init; }

    public uint? StartFunction { get; init; }

    public required IReadOnlyList<ElementSegment> Elements { get; init; }

    /// <summary>Present if the module has a data count section (required by <c>memory.init</c>/<c>data.drop</c>).</summary>
    public uint? DataCount { get; init; }

    /// <summary>One body per entry of <see cref="FunctionTypeIndices"/>, same order.</summary>
    public required IReadOnlyList<FunctionBody> Bodies { get; init; }

    public required IReadOnlyList<DataSegment> Data { get; init; }

    public required IReadOnlyList<CustomSection> CustomSections { get; init; }

    /// <summary>The parsed <c>name</c> section, when present and well formed.</summary>
    public NameSection? Names { get; init; }

    private IndexSpaces? _spaces;

    /// <summary>The index spaces (imports first, then definitions; spec 2.5.1), computed once.</summary>
    public IndexSpaces Spaces => _spaces ??= new IndexSpaces(this);

    public int ImportedFunctionCount => Spaces.ImportedFunctionCount;

    public int ImportedTableCount => Spaces.ImportedTableCount;

    public int ImportedMemoryCount => Spaces.ImportedMemoryCount;

    public int ImportedGlobalCount => Spaces.ImportedGlobalCount;

    // The lists of value types as arrays, for code on the path of loading and instantiating a module:
    // indexing or counting an array through IReadOnlyList<T> of one of our value types runs generic
    // framework code (SZArrayHelper) that ReadyToRun cannot precompile, so each process jitted it.
    // Each is set by its required list's init accessor.

    /// <summary><see cref="FunctionTypeIndices"/> as an array.</summary>
    internal uint[] FunctionTypeIndexArray { get; private init; } = null!;

    /// <summary><see cref="Tables"/> as an array.</summary>
    internal TableType[] TableArray { get; private init; } = null!;

    /// <summary><see cref="Memories"/> as an array.</summary>
    internal MemoryType[] MemoryArray { get; private init; } = null!;

    private static T[] AsArray<T>(IReadOnlyList<T> list) => list as T[] ?? [.. list];
}
