using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A function that Wasm code or the host can call: compiled guest code or a host callback.
/// Also the representation of a non-null funcref.
/// </summary>
public abstract class FunctionInstance : ExternalValue
{
    protected FunctionInstance(FunctionType type)
        : this(type, FunctionTypeIds.Of(type))
    {
    }

    /// <summary>With the canonical id of <paramref name="type"/> already known, which saves a lookup per function.</summary>
    private protected FunctionInstance(FunctionType type, int typeId, ExecutionControl? directCallStore = null)
    {
        Type = type;
        TypeId = typeId;
        DirectCallStore = directCallStore;
    }

    /// <summary>
    /// Process-wide canonical id of <see cref="Type"/>: <c>call_indirect</c> compares one integer
    /// instead of walking parameter lists.
    /// </summary>
    internal readonly int TypeId;

    /// <summary>
    /// For compiled guest code, its store's <see cref="ExecutionControl"/>; null for anything else.
    /// Compiled code of the same store calls the function straight through
    /// <see cref="CompiledFunction.Code"/>: comparing this with the caller's own control is one compare
    /// that says both "compiled" and "same store" (see <c>FunctionCompiler.EmitCallThroughInstance</c>).
    /// </summary>
    internal readonly ExecutionControl? DirectCallStore;

    public sealed override ExternalKind Kind => ExternalKind.Function;

    public FunctionType Type { get; }

    /// <summary>
    /// Calls the function with dynamically typed values. <paramref name="arguments"/> must match
    /// <see cref="FunctionType.Parameters"/> and <paramref name="results"/> must have room for
    /// <see cref="FunctionType.Results"/>. Traps surface as <see cref="TrapException"/>.
    /// </summary>
    public abstract void Invoke(ReadOnlySpan<Value> arguments, Span<Value> results);
}
