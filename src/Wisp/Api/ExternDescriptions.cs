using Wisp.Model;

namespace Wisp;

/// <summary>
/// The type of an import or export. Exactly one of the type properties is set, the one matching
/// <see cref="Kind"/>.
/// </summary>
public abstract record ExternDescription(string Name, ExternalKind Kind)
{
    public FunctionType? FunctionType { get; init; }

    public TableType? TableType { get; init; }

    public MemoryType? MemoryType { get; init; }

    public GlobalType? GlobalType { get; init; }

    /// <summary>The type in text-format style, e.g. <c>func [i32] -> [i32]</c> or <c>memory 1 2</c>.</summary>
    public string TypeText => Kind switch
    {
        ExternalKind.Function => $"func {FunctionType}",
        ExternalKind.Table => $"table {TableType!.Value.Limits} {TableType.Value.ElementType.Name()}",
        ExternalKind.Memory => $"memory {MemoryType!.Value.Limits}",
        _ => GlobalType!.Value.Mutable ? $"global (mut {GlobalType.Value.ValType.Name()})" : $"global {GlobalType.Value.ValType.Name()}",
    };
}

/// <summary>Something a module needs from its host: <see cref="ModuleName"/>.<see cref="ExternDescription.Name"/> of a given type.</summary>
public sealed record ImportDescription(string ModuleName, string Name, ExternalKind Kind) : ExternDescription(Name, Kind)
{
    public override string ToString() => $"{ModuleName}.{Name} ({TypeText})";
}

/// <summary>Something a module offers once instantiated.</summary>
public sealed record ExportDescription(string Name, ExternalKind Kind) : ExternDescription(Name, Kind)
{
    public override string ToString() => $"{Name} ({TypeText})";
}
