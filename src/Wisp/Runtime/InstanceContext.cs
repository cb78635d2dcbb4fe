using System.Runtime.CompilerServices;
using Wisp.Compilation;

namespace Wisp.Runtime;

/// <summary>
/// The per-instance state compiled code runs against, passed as every compiled function's last
/// argument. Fields, not properties, because generated IL reads them directly (<c>ldfld</c>).
/// </summary>
internal sealed class InstanceContext
{
    /// <summary>The memory (Wasm 2.0 has at most one), or null when the module has none.</summary>
    public LinearMemory? Memory;

    /// <summary>
    /// The store's stack checkpoint (<see cref="ExecutionControl.StackCheckpoint"/>), copied here so that
    /// every call's stack check is one load from the context in hand (<see cref="StackGuard"/>).
    /// </summary>
    public nuint StackCheckpoint = nuint.MaxValue;

    /// <summary>
    /// The module's entry points of its defined functions (<see cref="CompiledModule.FunctionCode"/>,
    /// shared), through which a function calls itself: see <see cref="Compilation.BackgroundJit"/>.
    /// </summary>
    public nint[] FunctionCode = [];

    /// <summary>Every table in the table index space, imports first.</summary>
    public TableInstance[] Tables = [];

    /// <summary><c>Tables[0]</c>, or null without tables: the table <c>call_indirect</c> almost always names, one load away.</summary>
    public TableInstance? Table0;

    /// <summary>Every global in the global index space, imports first.</summary>
    public GlobalInstance[] Globals = [];

    /// <summary>
    /// Every function in the function index space, imports first. A defined function's object is made
    /// on first use (<see cref="Function"/>): compiled code calls defined functions directly, so most
    /// instances never need most of them.
    /// </summary>
    public FunctionInstance?[] Functions = [];

    /// <summary>The module this is an instance of; where defined functions' code comes from.</summary>
    public CompiledModule? Module;

    /// <summary>Canonical id (<see cref="FunctionTypeIds"/>) of each of the module's type indices.</summary>
    public int[] TypeIds = [];

    /// <summary>Element segments' references, evaluated at instantiation; a dropped segment is empty.</summary>
    public object?[][] ElementSegments = [];

    /// <summary>Data segments' bytes; a dropped segment is empty. Set by instantiation (an empty array here would be generic code jitted at start-up).</summary>
    public ReadOnlyMemory<byte>[] DataSegments = null!;

    /// <summary>The module's lazily compiled bodies, shared by its instances; null when it was compiled eagerly.</summary>
    public Compilation.LazyFunctions? Lazy;

    /// <summary>The store's fuel, interrupt request and limits (one object per store).</summary>
    public ExecutionControl Control = new();

    /// <summary>The store the instance lives in (what a host function's <see cref="Caller"/> sees); null for a store-less instantiation.</summary>
    public Store? Store;

    /// <summary>Function <paramref name="index"/> as an object: what <c>ref.func</c>, tables and exports hold.</summary>
    public FunctionInstance Function(uint index) => Functions[index] ?? CreateFunction(index);

    /// <summary>The instance these are the state of, for a <see cref="Caller"/>'s export lookups; set before the start function runs.</summary>
    public ModuleInstance? Instance;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FunctionInstance CreateFunction(uint index)
    {
        var function = Module!.CreateFunction((int)index, this);
        Functions[index] = function;
        return function;
    }
}
