namespace Wisp.Model;

/// <summary>How a segment is applied (spec 2.5.7, 2.5.8).</summary>
public enum SegmentMode : byte
{
    /// <summary>Copied into a table or memory at instantiation, then dropped.</summary>
    Active,

    /// <summary>Used only by <c>table.init</c>/<c>memory.init</c>.</summary>
    Passive,

    /// <summary>Element segments only: declares functions that <c>ref.func</c> may name; dropped at once.</summary>
    Declarative,
}

/// <summary>An element segment. Items are constant expressions of <see cref="ElementType"/>.</summary>
public sealed class ElementSegment(ValType elementType, ConstantExpression[] items, SegmentMode mode, uint tableIndex, ConstantExpression? offset)
{
    public ValType ElementType { get; } = elementType;

    /// <summary>One constant expression per element (a function index list is stored as <c>ref.func i; end</c> expressions).</summary>
    public IReadOnlyList<ConstantExpression> Items { get; } = items;

    public SegmentMode Mode { get; } = mode;

    /// <summary>For active segments: the table written.</summary>
    public uint TableIndex { get; } = tableIndex;

    /// <summary>For active segments: where in the table.</summary>
    public ConstantExpression? Offset { get; } = offset;

    /// <summary>
    /// For segments written as a plain list of function indices (binary flags 0-3): those indices, so
    /// that the runtime can fill tables without evaluating expressions. Null for expression segments.
    /// </summary>
    public uint[]? FunctionIndices { get; init; }
}

/// <summary>A data segment.</summary>
public sealed class DataSegment(ReadOnlyMemory<byte> data, SegmentMode mode, uint memoryIndex, ConstantExpression? offset)
{
    public ReadOnlyMemory<byte> Data { get; } = data;

    public SegmentMode Mode { get; } = mode;

    public uint MemoryIndex { get; } = memoryIndex;

    public ConstantExpression? Offset { get; } = offset;
}
