using Wisp.Runtime;

namespace Wisp;

/// <summary>An instantiated module: its exports, reached by name.</summary>
public sealed class Instance
{
    private Dictionary<string, Extern>? _exports;

    internal Instance(Store store, Module? module, ModuleInstance runtime)
    {
        Store = store;
        Module = module;
        Runtime = runtime;
    }

    public Store Store { get; }

    /// <summary>The module this is an instance of.</summary>
    public Module? Module { get; }

    /// <summary>The runtime instance this wraps.</summary>
    public ModuleInstance Runtime { get; }

    /// <summary>The exports by name (built on first use; <see cref="GetExport"/> does not need it).</summary>
    public IReadOnlyDictionary<string, Extern> Exports => _exports ??= Runtime.Exports.ToDictionary(pair => pair.Key, pair => Extern.FromExternalValue(pair.Value), StringComparer.Ordinal);

    public Extern? GetExport(string name)
    {
        if (_exports is not null)
        {
            return _exports.GetValueOrDefault(name);
        }

        return Runtime.TryGetExport(name, out var value) ? Extern.FromExternalValue(value) : null;
    }

    /// <summary>The exported function <paramref name="name"/>, or null if there is no function export of that name.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    public Table? GetTable(string name) => GetExport(name) as Table;

    public Global? GetGlobal(string name) => GetExport(name) as Global;

    public override string ToString() => Module?.Name ?? Runtime.Name ?? "instance";
}
