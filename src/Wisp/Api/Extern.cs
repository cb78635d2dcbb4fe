using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// Something that can be imported or exported: a <see cref="Function"/>, <see cref="Memory"/>,
/// <see cref="Table"/> or <see cref="Global"/>. A thin wrapper: the runtime object holds all state.
/// </summary>
public abstract class Extern
{
    private protected Extern()
    {
    }

    public ExternalKind Kind => ExternalValue.Kind;

    /// <summary>The runtime object this wraps, for code that works with the runtime layer directly.</summary>
    public abstract ExternalValue ExternalValue { get; }

    /// <summary>Wraps a runtime object in the API type of its kind.</summary>
    public static Extern FromExternalValue(ExternalValue value) => value switch
    {
        FunctionInstance f => new Function(f),
        LinearMemory m => new Memory(m),
        TableInstance t => new Table(t),
        GlobalInstance g => new Global(g),
        _ => throw new ArgumentException($"unknown kind of external value: {value.GetType().Name}", nameof(value)),
    };
}
