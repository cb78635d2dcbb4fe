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

    private IReadOnlyList<string>? _wasmBacktrace;

    /// <summary>
    /// Guest frames the trap unwound through, innermost first, as "module!function" (names from the
    /// name section where present). Worked out on first read, from the stack traces this exception
    /// and its inner exceptions collected; functions the JIT inlined do not appear.
    /// </summary>
    public IReadOnlyList<string> WasmBacktrace => _wasmBacktrace ??= CompiledFrameNames.Describe(this);
}
