using Wisp.Model;

namespace Wisp.Loader.Text.Script;

/// <summary>A parsed .wast script: a sequence of commands (spec interpreter's script format).</summary>
public sealed record WastScript(string FileName, IReadOnlyList<WastCommand> Commands);

/// <summary>One top-level command. <see cref="Line"/> is 1-based, for reports.</summary>
public abstract record WastCommand(int Line);

/// <summary>How a module was written in the script.</summary>
public enum WastModuleKind
{
    /// <summary><c>(module ...)</c> in text: already encoded to <see cref="WastModule.Binary"/> by the parser.</summary>
    Text,

    /// <summary><c>(module binary "...")</c>: the bytes as given.</summary>
    Binary,

    /// <summary><c>(module quote "...")</c>: text to be parsed when the command runs (it may be malformed on purpose).</summary>
    Quote,
}

/// <summary>A module in a script. <see cref="Binary"/> is set for Text and Binary kinds, <see cref="QuoteText"/> for Quote.</summary>
public sealed record WastModule(WastModuleKind Kind, string? Name, byte[]? Binary, string? QuoteText);

/// <summary><c>(module ...)</c>: define and instantiate; it becomes the current module.</summary>
public sealed record ModuleCommand(int Line, WastModule Module) : WastCommand(Line);

/// <summary><c>(register "name" $module?)</c>: make a module's exports importable under a name.</summary>
public sealed record RegisterCommand(int Line, string As, string? ModuleName) : WastCommand(Line);

/// <summary>A bare action at top level: <c>(invoke ...)</c> or <c>(get ...)</c>.</summary>
public sealed record ActionCommand(int Line, WastAction Action) : WastCommand(Line);

public sealed record AssertReturnCommand(int Line, WastAction Action, IReadOnlyList<WastExpected> Expected) : WastCommand(Line);

/// <summary><c>assert_trap</c> on an action, or on a module (then instantiation must trap).</summary>
public sealed record AssertTrapCommand(int Line, WastAction? Action, WastModule? Module, string Message) : WastCommand(Line);

public sealed record AssertExhaustionCommand(int Line, WastAction Action, string Message) : WastCommand(Line);

public sealed record AssertMalformedCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

public sealed record AssertInvalidCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

public sealed record AssertUnlinkableCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

public sealed record AssertUninstantiableCommand(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary>An action on a module's export; <see cref="ModuleName"/> null means the current module.</summary>
public abstract record WastAction(string? ModuleName, string ExportName);

public sealed record InvokeAction(string? ModuleName, string ExportName, IReadOnlyList<WastValue> Arguments) : WastAction(ModuleName, ExportName);

public sealed record GetAction(string? ModuleName, string ExportName) : WastAction(ModuleName, ExportName);

/// <summary>
/// A constant argument. Numbers carry raw bits (<see cref="Bits"/>, and <see cref="High"/> for v128).
/// References: <see cref="IsNull"/> for <c>ref.null</c>; otherwise <c>ref.extern N</c> with N in <see cref="Bits"/>.
/// </summary>
public sealed record WastValue(ValType Type, ulong Bits, ulong High = 0, bool IsNull = false);

public enum WastExpectedKind
{
    /// <summary>Exactly <see cref="WastExpected.Value"/> (bitwise for floats).</summary>
    Exact,

    /// <summary><c>nan:canonical</c> of <see cref="WastExpected.Type"/>.</summary>
    CanonicalNan,

    /// <summary><c>nan:arithmetic</c> of <see cref="WastExpected.Type"/>.</summary>
    ArithmeticNan,

    /// <summary><c>(ref.func)</c>: any non-null function reference.</summary>
    AnyFunctionReference,

    /// <summary><c>(ref.extern)</c> with no number: any non-null extern reference.</summary>
    AnyExternReference,

    /// <summary>
    /// A v128 whose float lanes are each either exact or a NaN pattern: <see cref="WastExpected.Lanes"/>
    /// holds one expectation per lane (used by the SIMD suite).
    /// </summary>
    V128Lanes,

    /// <summary><c>(either r1 r2 ...)</c>: any of <see cref="WastExpected.Alternatives"/>.</summary>
    Either,
}

/// <summary>An expected result of <c>assert_return</c>.</summary>
public sealed record WastExpected(WastExpectedKind Kind, ValType Type, WastValue? Value = null)
{
    /// <summary>For <see cref="WastExpectedKind.V128Lanes"/>: the lane shape's element type (f32 or f64) and one entry per lane.</summary>
    public IReadOnlyList<WastExpected>? Lanes { get; init; }

    public IReadOnlyList<WastExpected>? Alternatives { get; init; }
}
