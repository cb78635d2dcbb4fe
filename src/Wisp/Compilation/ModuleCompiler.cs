using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>Compiles a validated module to IL.</summary>
public static class ModuleCompiler
{
    /// <summary>Compiles <paramref name="module"/>, which must have passed validation.</summary>
    public static CompiledModule Compile(ModuleDefinition module) => throw new NotImplementedException("contract: the compiler helper implements this");
}

/// <summary>A module compiled to IL: immutable and shareable across threads; instantiate it any number of times.</summary>
public sealed class CompiledModule
{
    public required ModuleDefinition Definition { get; init; }

    /// <summary>
    /// Instantiates (spec 4.5.4): <paramref name="imports"/> in the module's import order. Type mismatches
    /// raise <see cref="LinkException"/>; traps in segment initialisation or the start function raise
    /// <see cref="TrapException"/>.
    /// </summary>
    public ModuleInstance Instantiate(IReadOnlyList<ExternalValue> imports) => throw new NotImplementedException("contract: the compiler helper implements this");
}
