using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Calls a compiled function from dynamically typed values: unpacks <paramref name="arguments"/>,
/// calls <paramref name="code"/> with <paramref name="context"/>, packs the results. One per function
/// type, emitted with the module.
/// </summary>
internal delegate void EntryStub(ReadOnlySpan<Value> arguments, Span<Value> results, InstanceContext context, nint code);

/// <summary>
/// A function defined by a compiled module, bound to the instance whose state it runs against.
/// Compiled callers go straight through <see cref="Code"/> with <see cref="Context"/> (a <c>calli</c>);
/// the host goes through <see cref="Invoke"/>.
/// </summary>
internal sealed unsafe class CompiledFunction : FunctionInstance
{
    /// <summary>Entry point of the compiled method: <c>(params..., ref extra results..., InstanceContext)</c>.</summary>
    public readonly nint Code;

    /// <summary>The owning instance's state, passed as the last argument.</summary>
    public readonly InstanceContext Context;

    private readonly EntryStub _entry;

    public CompiledFunction(FunctionType type, int typeId, InstanceContext context, nint code, EntryStub entry, string? name)
        : base(type, typeId, context.Control)
    {
        Context = context;
        Code = code;
        _entry = entry;
        Name = name;
    }

    /// <summary>For backtraces and diagnostics.</summary>
    public string? Name { get; }

    public override void Invoke(ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        var parameters = Type.ParameterSpan;
        if (arguments.Length != parameters.Length)
        {
            throw new ArgumentException($"expected {parameters.Length} arguments, got {arguments.Length}", nameof(arguments));
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Type != parameters[i])
            {
                throw new ArgumentException($"argument {i}: expected {parameters[i].Name()}, got {arguments[i].Type.Name()}", nameof(arguments));
            }
        }

        if (results.Length < Type.ResultSpan.Length)
        {
            throw new ArgumentException($"room for {Type.ResultSpan.Length} results needed", nameof(results));
        }

        var control = Context.Control;
        var budget = control.MaxWasmStack;
        if (budget == 0)
        {
            StackGuard.EnterFromHost(control);
            Enter(arguments, results);
            return;
        }

        byte marker = 0;
        var saved = StackGuard.ApplyBudget((nuint)(&marker), budget);
        try
        {
            StackGuard.EnterFromHost(control);
            Enter(arguments, results);
        }
        finally
        {
            StackGuard.Restore(saved);
        }
    }

    private void Enter(ReadOnlySpan<Value> arguments, Span<Value> results)
    {
        // A released memory's slot may already belong to another instance, and with guard pages
        // nothing in compiled code would notice.
        if (Context.Memory is { IsReleased: true })
        {
            throw new ObjectDisposedException(Name ?? "wasm function", "the function's store (and its memory) was disposed");
        }

        try
        {
            _entry(arguments, results, Context, Code);
        }
        catch (Exception e) when (e is not TrapException and not Wasi.WasiExitException)
        {
            throw Trap.FromStray(e);
        }
    }

    public override string ToString() => Name ?? "wasm function";
}
