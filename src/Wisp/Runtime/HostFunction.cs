using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>A host callback: reads its arguments and writes its results.</summary>
public delegate void HostCallback(ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>
/// A host callback that also receives its <see cref="Caller"/>: the calling instance's store, memory
/// and exports (as Wasmtime's <c>Caller</c>). What lets one definition serve many stores.
/// </summary>
public delegate void CallerHostCallback(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results);

/// <summary>A function implemented by the host in C#, importable by guests.</summary>
public sealed class HostFunction : FunctionInstance
{
    private readonly HostCallback? _callback;
    private readonly CallerHostCallback? _callerCallback;

    public HostFunction(FunctionType type, HostCallback callback, string? name = null)
        : base(type)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _callback = callback;
        Name = name;
    }

    public HostFunction(FunctionType type, CallerHostCallback callback, string? name = null)
        : base(type)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _callerCallback = callback;
        Name = name;
    }

    /// <summary>For backtraces and diagnostics.</summary>
    public string? Name { get; }

    /// <summary>A call from the host: a caller-aware callback sees a <see cref="Caller"/> with no instance.</summary>
    public override void Invoke(ReadOnlySpan<Value> arguments, Span<Value> results) => Invoke(default, arguments, results);

    /// <summary>A call from the instance running against <paramref name="caller"/>.</summary>
    public void Invoke(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        if (_callback is not null)
        {
            _callback(arguments, results);
        }
        else
        {
            _callerCallback!(caller, arguments, results);
        }
    }

    public override string ToString() => Name ?? "host function";
}
