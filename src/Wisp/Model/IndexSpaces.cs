namespace Wisp.Model;

/// <summary>
/// A module's index spaces for functions, tables, memories and globals, imports first (spec 2.5.1).
/// Entries give the type of each index, which is what the validator and compiler ask for.
/// </summary>
public sealed class IndexSpaces
{
    internal IndexSpaces(ModuleDefinition module)
    {
        // Plain arrays and loops: List<T> and LINQ over these value types are generic code that
        // ReadyToRun leaves to the JIT, and this runs for every module loaded (start-up).
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: ImportedFunctionCount++; break;
                case ExternalKind.Table: ImportedTableCount++; break;
                case ExternalKind.Memory: ImportedMemoryCount++; break;
                case ExternalKind.Global: ImportedGlobalCount++; break;
            }
        }

        var definedFunctions = module.FunctionTypeIndexArray;
        var definedTables = module.TableArray;
        var definedMemories = module.MemoryArray;
        var functions = new uint[ImportedFunctionCount + definedFunctions.Length];
        var tables = new TableType[ImportedTableCount + definedTables.Length];
        var memories = new MemoryType[ImportedMemoryCount + definedMemories.Length];
        var globals = new GlobalType[ImportedGlobalCount + module.Globals.Count];
        int function = 0, table = 0, memory = 0, global = 0;
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function: functions[function++] = import.TypeIndex; break;
                case ExternalKind.Table: tables[table++] = import.Table; break;
                case ExternalKind.Memory: memories[memory++] = import.Memory; break;
                case ExternalKind.Global: globals[global++] = import.Global; break;
            }
        }

        definedFunctions.CopyTo(functions, function);
        definedTables.CopyTo(tables, table);
        definedMemories.CopyTo(memories, memory);

        for (var i = 0; i < module.Globals.Count; i++)
        {
            globals[global++] = module.Globals[i].Type;
        }

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
