using Wisp.Model;

namespace Wisp.Instructions;

/// <summary>
/// The type of a block, loop or if (spec 2.4.8): no values, one result value type, or a type index
/// for multi-value blocks with parameters.
/// </summary>
public readonly record struct BlockType
{
    private BlockType(BlockTypeKind kind, ValType valueType, uint typeIndex)
    {
        Kind = kind;
        ValType = valueType;
        TypeIndex = typeIndex;
    }

    public static BlockType Empty => default;

    public BlockTypeKind Kind { get; }

    /// <summary>The single result when <see cref="Kind"/> is <see cref="BlockTypeKind.Value"/>.</summary>
    public ValType ValType { get; }

    /// <summary>The function type when <see cref="Kind"/> is <see cref="BlockTypeKind.TypeIndex"/>.</summary>
    public uint TypeIndex { get; }

    public static BlockType Of(ValType type) => new(BlockTypeKind.Value, type, 0);

    public static BlockType OfTypeIndex(uint index) => new(BlockTypeKind.TypeIndex, default, index);
}

public enum BlockTypeKind : byte
{
    Empty,
    Value,
    TypeIndex,
}
