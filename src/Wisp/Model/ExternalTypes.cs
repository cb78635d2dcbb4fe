namespace Wisp.Model;

/// <summary>The kind of an import or export (binary encoding values, spec 5.5.5).</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}

/// <summary>A table's type: element reference type and limits.</summary>
public readonly record struct TableType(ValType ElementType, Limits Limits);

/// <summary>A memory's type: limits in 64 KiB pages.</summary>
public readonly record struct MemoryType(Limits Limits)
{
    public const uint PageSize = 65536;

    /// <summary>The most pages a 32-bit memory can have (4 GiB).</summary>
    public const uint MaxPages = 65536;
}

/// <summary>A global's type: its value type and whether it can be set.</summary>
public readonly record struct GlobalType(ValType ValType, bool Mutable);
