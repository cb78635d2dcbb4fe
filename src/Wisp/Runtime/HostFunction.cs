using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>A host callback: reads its arguments and writes its results.</summary>
public delegate void HostCallback(ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>A function implemented by the host in C#, importable by guests.</summary>
public sealed class HostFunction(FunctionType type, HostCallback callback, string? name = null) : FunctionInstance(type)
{
    public HostCallback Callback { get; } = callback;

    /// <summary>For backtraces and diagnostics.</summary>
    public string? Name { get; } = name;

    public override void Invoke(ReadOnlySpan<Value> arguments, Span<Value> results) => Callback(arguments, results);

    public override string ToString() => Name ?? "host function";
}
