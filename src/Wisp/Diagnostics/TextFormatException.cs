namespace Wisp.Diagnostics;

/// <summary>A syntax error in WebAssembly text (.wat/.wast): the text is malformed. Line and column are 1-based.</summary>
public sealed class TextFormatException(string reason, int line, int column, string? fileName = null)
    : WasmException($"{fileName ?? "<text>"}:{line}:{column}: {reason}")
{
    public string Reason { get; } = reason;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
