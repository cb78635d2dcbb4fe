namespace Wisp.Runtime;

/// <summary>An instantiated module (spec 4.2.5): its exports by name, in the module's export order.</summary>
public sealed class ModuleInstance(IReadOnlyDictionary<string, ExternalValue> exports, string? name = null)
{
    public IReadOnlyDictionary<string, ExternalValue> Exports { get; } = exports;

    /// <summary>The module's name from its name section, if any.</summary>
    public string? Name { get; } = name;
}
