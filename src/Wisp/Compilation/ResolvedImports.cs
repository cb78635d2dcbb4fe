using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// A module's imports, checked against its declared import types and sorted into index spaces.
/// Immutable: checked once (by an <c>InstancePre</c>) and copied into every instance after.
/// Limits checked here stay satisfied: imported memories and tables only grow.
/// </summary>
internal sealed class ResolvedImports(FunctionInstance[] functions, TableInstance[] tables, LinearMemory? memory, GlobalInstance[] globals)
{
    public FunctionInstance[] Functions { get; } = functions;

    public TableInstance[] Tables { get; } = tables;

    public LinearMemory? Memory { get; } = memory;

    public GlobalInstance[] Globals { get; } = globals;
}
