using Wisp.Compilation;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// Names host definitions and other instances' exports as (module, name) pairs and resolves a
/// module's imports against them when instantiating. Reusable across stores for host functions;
/// definitions taken from instances belong to those instances' store.
/// </summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), ExternalValue> _definitions = [];

    public Linker(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    public Engine Engine { get; }

    /// <summary>Whether a definition may replace an earlier one of the same (module, name). Off by default, to catch mistakes.</summary>
    public bool AllowShadowing { get; set; }

    public void Define(string module, string name, Extern item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Define(module, name, item.ExternalValue);
    }

    /// <summary>A host function with an explicit signature; see <see cref="Function.FromCallback(FunctionType, HostCallback, string?)"/>.</summary>
    public void DefineFunction(string module, string name, FunctionType type, HostCallback callback) =>
        Define(module, name, Function.FromCallback(type, callback, $"{module}.{name}"));

    /// <summary>A host function that receives its <see cref="Caller"/>; see <see cref="Function.FromCallback(FunctionType, CallerHostCallback, string?)"/>.</summary>
    public void DefineFunction(string module, string name, FunctionType type, CallerHostCallback callback) =>
        Define(module, name, Function.FromCallback(type, callback, $"{module}.{name}"));

    public void DefineFunction<TResult>(string module, string name, Func<TResult> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction(string module, string name, Action callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, TResult>(string module, string name, Func<T1, TResult> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1>(string module, string name, Action<T1> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2, TResult>(string module, string name, Func<T1, T2, TResult> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2>(string module, string name, Action<T1, T2> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2, T3, TResult>(string module, string name, Func<T1, T2, T3, TResult> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2, T3>(string module, string name, Action<T1, T2, T3> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2, T3, T4, TResult>(string module, string name, Func<T1, T2, T3, T4, TResult> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    public void DefineFunction<T1, T2, T3, T4>(string module, string name, Action<T1, T2, T3, T4> callback) =>
        Define(module, name, TypedHostFunctions.From(callback, $"{module}.{name}"));

    /// <summary>Makes every export of <paramref name="instance"/> importable as (<paramref name="module"/>, export name).</summary>
    public void DefineInstance(Store store, string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Store != store)
        {
            throw new ArgumentException("the instance belongs to a different store", nameof(instance));
        }

        foreach (var (name, value) in instance.Runtime.Exports)
        {
            Define(module, name, value);
        }
    }

    /// <summary>The definition of (<paramref name="module"/>, <paramref name="name"/>), if any.</summary>
    public Extern? Get(string module, string name) =>
        _definitions.TryGetValue((module, name), out var value) ? Extern.FromExternalValue(value) : null;

    /// <summary>
    /// Resolves <paramref name="module"/>'s imports and instantiates it in <paramref name="store"/>. A missing
    /// or mismatched import raises <see cref="LinkException"/>; a trap while initialising (segments,
    /// start function) raises <see cref="TrapException"/>. To instantiate a module many times, resolve
    /// once with <see cref="InstantiatePre"/>.
    /// </summary>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(store);
        return InstantiatePre(module).Instantiate(store);
    }

    /// <summary>
    /// Resolves and type-checks <paramref name="module"/>'s imports against this linker's definitions
    /// now, for instantiating many times later. Later changes to the linker do not affect the result.
    /// A missing or mismatched import raises <see cref="LinkException"/>.
    /// </summary>
    public InstancePre InstantiatePre(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (module.Engine != Engine)
        {
            throw new ArgumentException("the module belongs to a different engine than the linker", nameof(module));
        }

        // The module's definition, not its descriptions, which are only made when asked for (start-up).
        var declared = module.Definition.Imports;
        var imports = new ExternalValue[declared.Count];
        for (var i = 0; i < imports.Length; i++)
        {
            var import = declared[i];
            if (!_definitions.TryGetValue((import.ModuleName, import.Name), out var value))
            {
                throw new LinkException($"unknown import: {module.Imports[i]}");
            }

            // Kinds are checked here for a clear message; the instantiator checks types.
            if (value.Kind != import.Kind)
            {
                throw new LinkException($"incompatible import type: {import.ModuleName}.{import.Name} needs a {KindName(import.Kind)}, found a {KindName(value.Kind)}");
            }

            imports[i] = value;
        }

        return new InstancePre(module, ModuleInstantiator.Resolve(module.Compiled, imports));
    }

    private void Define(string module, string name, ExternalValue value)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
        {
            throw new InvalidOperationException($"{module}.{name} is already defined");
        }

        _definitions[(module, name)] = value;
    }

    private static string KindName(ExternalKind kind) => kind.ToString().ToLowerInvariant();
}
