namespace Wisp.Model;

/// <summary>
/// A module's index spaces for functions, tables, memories and globals, imports first (spec 2.5.1).
/// Entries give the type of each index, which is what the validator and compiler ask for.
/// </summary>
public sealed class IndexSpaces
{
    internal IndexSpaces(ModuleDefinition module)
    {
        var functions = new List<uint>();
        var tables = new List<TableType>();
        var memories = new List<MemoryType>();
        var globals = new List<GlobalType>();
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions.Add(import.TypeIndex); break;
                case ExternalKind.Table: tables.Add(import.Table); break;
                case ExternalKind.Memory: memories.Add(import.Memory); break;
                case ExternalKind.Global: globals.Add(import.Global); break;
            }
        }

        ImportedFunctionCount = functions.Count;
        ImportedTableCount = tables.Count;
        ImportedMemoryCount = memories.Count;
        ImportedGlobalCount = globals.Count;
        functions.AddRange(module.FunctionTypeIndices);
        tables.AddRange(module.Tables);
        memories.AddRange(module.Memories);
        globals.AddRange(module.Globals.Select(g => g.Type));
        FunctionTypeIndices = functions;
        Tables = tables;
        Memories = memories;
        Globals = globals;
    }

    public int ImportedFunctionCount { get; }

    public int ImportedTableCount { get; }

    public int ImportedMemoryCount { get; }

    public int ImportedGlobalCount { get; }

    /// <summary>Type index of every function, imported and defined.</summary>
    public IReadOnlyList<uint> FunctionTypeIndices { get; }

    public IReadOnlyList<TableType> Tables { get; }

    public IReadOnlyList<MemoryType> Memories { get; }

    public IReadOnlyList<GlobalType> Globals { get; }
}
