using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>A global variable. Setting an immutable global throws <see cref="InvalidOperationException"/>.</summary>
public sealed class Global : Extern
{
    public Global(GlobalInstance runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
    }

    /// <summary>A new global holding <paramref name="initial"/>, whose type is the global's value type.</summary>
    public Global(Value initial, bool mutable)
        : this(new GlobalInstance(new GlobalType(initial.Type, mutable), initial))
    {
    }

    public GlobalInstance Runtime { get; }

    public override ExternalValue ExternalValue => Runtime;

    public GlobalType Type => Runtime.Type;

    public bool Mutable => Type.Mutable;

    public Value Value
    {
        get => Runtime.Value;
        set => Runtime.Value = value;
    }
}
