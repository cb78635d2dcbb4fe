using System.Diagnostics.CodeAnalysis;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>A module compiled to IL: immutable and shareable across threads; instantiate it any number of times.</summary>
public sealed class CompiledModule
{
    /// <summary>Holds the collectible assembly alive for as long as this module or any instance of it is.</summary>
    private readonly Type _code;

    [SetsRequiredMembers]
    internal CompiledModule(ModuleDefinition definition, Type code, nint[] functionCode, EntryStub[] entryStubs, int[] typeIds, LazyFunctions? lazy)
    {
        Lazy = lazy;
        Definition = definition;
        _code = code;
        FunctionCode = functionCode;
        EntryStubs = entryStubs;
        TypeIds = typeIds;
    }

    public required ModuleDefinition Definition { get; init; }

    /// <summary>Entry points of the defined functions, in definition order (for a lazy module, stubs that find the body).</summary>
    internal nint[] FunctionCode { get; }

    /// <summary>Host-to-guest adapters of the defined functions, in definition order.</summary>
    internal EntryStub[] EntryStubs { get; }

    /// <summary>The bodies compiled on first call, when the module was compiled lazily; else null.</summary>
    internal LazyFunctions? Lazy { get; }

    /// <summary>Canonical id of each type index (<see cref="FunctionTypeIds"/>).</summary>
    internal int[] TypeIds { get; }

    /// <summary>What every instantiation shares, decoded on first use.</summary>
    internal InstantiationTemplate Template => field ??= new InstantiationTemplate(Definition);

    /// <summary>The object for defined function <paramref name="functionIndex"/> (in the function index space) of the instance running against <paramref name="context"/>.</summary>
    internal CompiledFunction CreateFunction(int functionIndex, InstanceContext context)
    {
        var template = Template;
        var defined = functionIndex - Definition.ImportedFunctionCount;
        return new CompiledFunction(
            template.FunctionTypes[defined], template.FunctionTypeIds[defined], context, FunctionCode[defined], EntryStubs[defined], template.FunctionNames[defined]);
    }

    /// <summary>The emitted type; referenced so the collectible code lives as long as this object.</summary>
    internal Type CodeType => _code;

    /// <summary>
    /// Instantiates (spec 4.5.4): <paramref name="imports"/> in the module's import order. Type mismatches
    /// raise <see cref="LinkException"/>; traps in segment initialisation or the start function raise
    /// <see cref="TrapException"/>.
    /// </summary>
    public ModuleInstance Instantiate(IReadOnlyList<ExternalValue> imports) =>
        ModuleInstantiator.Instantiate(this, ModuleInstantiator.Resolve(this, imports), store: null, new ExecutionControl(), pool: null);
}
