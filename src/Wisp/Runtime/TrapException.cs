using Wisp.Diagnostics;

namespace Wisp.Runtime;

/// <summary>
/// Guest execution trapped. The only exception type that leaves guest code: the engine converts
/// anything else at the boundary.
/// </summary>
public sealed class TrapException : WasmException
{
    public TrapException(TrapCode code, string? detail = null, Exception? inner = null)
        : base(detail is null ? TrapMessages.Of(code) : $"{TrapMessages.Of(code)}: {detail}", inner)
    {
        Code = code;
    }

    private TrapException(TrapCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public TrapCode Code { get; }

    /// <summary>A trap about table slot <paramref name="index"/>, worded as the spec interpreter does ("uninitialized element 2").</summary>
    public static TrapException ForElement(TrapCode code, int index) => new(code, $"{TrapMessages.Of(code)} {(uint)index}");

    /// <summary>Guest frames, innermost first, as "module!function" names where known. Filled in by the engine.</summary>
    public IReadOnlyList<string> WasmBacktrace { get; internal set; } = [];
}
