using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// The instance a host function was called from, as Wasmtime's <c>Caller</c>: its store, its memory
/// and its exports. Valid during the call only. <c>default</c> (no instance) when the host itself
/// invoked the function.
/// </summary>
public readonly struct Caller
{
    private readonly InstanceContext? _context;

    internal Caller(InstanceContext context) => _context = context;

    /// <summary>Whether the call came from guest code (or a start function) rather than from the host.</summary>
    public bool HasInstance => _context is not null;

    /// <summary>The calling instance's store; null when the host called directly or the instance was made without a store.</summary>
    public Store? Store => _context?.Store;

    /// <summary>The calling instance's memory (Wasm 2.0: memory 0, defined or imported), or null if it has none.</summary>
    public Memory? Memory => _context?.Memory is { } memory ? new Memory(memory) : null;

    /// <summary>The calling instance's memory without the API wrapper, for host code inside Wisp.</summary>
    internal LinearMemory? LinearMemory => _context?.Memory;

    /// <summary>The calling instance's export <paramref name="name"/>, or null.</summary>
    public Extern? GetExport(string name) =>
        _context?.Instance is { } instance && instance.TryGetExport(name, out var value) ? Extern.FromExternalValue(value) : null;

    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    public Function? GetFunction(string name) => GetExport(name) as Function;

    public Global? GetGlobal(string name) => GetExport(name) as Global;

    public Table? GetTable(string name) => GetExport(name) as Table;
}
