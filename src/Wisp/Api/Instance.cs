using Wisp.Runtime;

namespace Wisp;

/// <summary>An instantiated module: its exports, reached by name.</summary>
public sealed class Instance
{
    private readonly Dictionary<string, Extern> _exports;

    internal Instance(Store store, Module? module, ModuleInstance runtime)
    {
        Store = store;
        Module = module;
        Runtime = runtime;
        _exports = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var (name, value) in runtime.Exports)
        {
            _exports[name] = Extern.FromExternalValue(value);
        }
    }

    public Store Store { get; }

    /// <summary>The module this is an instance of.</summary>
    public Module? Module { get; }

    /// <summary>The runtime instance this wraps.</summary>
    public ModuleInstance Runtime { get; }

    /// <summary>The exports by name.</summary>
    public IReadOnlyDictionary<string, Extern> Exports => _exports;

    public Extern? GetExport(string name) => _exports.GetValueOrDefault(name);

    /// <summary>The exported function <paramref name="name"/>, or null if there is no function export of that name.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    public Table? GetTable(string name) => GetExport(name) as Table;

    public Global? GetGlobal(string name) => GetExport(name) as Global;

    public override string ToString() => Module?.Name ?? Runtime.Name ?? "instance";
}
