namespace Wisp.Model;

/// <summary>An import (spec 2.5.11). Exactly one of the descriptor properties matches <see cref="Kind"/>.</summary>
public sealed record Import(string ModuleName, string Name, ExternalKind Kind)
{
    /// <summary>For a function import: index into <see cref="ModuleDefinition.Types"/>.</summary>
    public uint TypeIndex { get; init; }

    public TableType Table { get; init; }

    public MemoryType Memory { get; init; }

    public GlobalType Global { get; init; }
}

/// <summary>An export (spec 2.5.10): a name and an index into the index space of <see cref="Kind"/>.</summary>
public sealed record Export(string Name, ExternalKind Kind, uint Index);
