using Wisp.Compilation;
using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// An instantiated module (spec 4.2.5). Exports are looked up through the module's export index
/// and the instance's state; the full dictionary is only built if asked for.
/// </summary>
public sealed class ModuleInstance
{
    private readonly CompiledModule _module;
    private readonly InstanceContext _context;
    private Dictionary<string, ExternalValue>? _exports;

    internal ModuleInstance(CompiledModule module, InstanceContext context)
    {
        _module = module;
        _context = context;
    }

    /// <summary>The state compiled code runs against.</summary>
    internal InstanceContext Context => _context;

    /// <summary>The exports by name, in the module's export order.</summary>
    public IReadOnlyDictionary<string, ExternalValue> Exports => _exports ??= BuildExports();

    /// <summary>The module's name from its name section, if any.</summary>
    public string? Name => _module.Definition.Names?.ModuleName;

    /// <summary>The export <paramref name="name"/>, without building <see cref="Exports"/>.</summary>
    public bool TryGetExport(string name, out ExternalValue value)
    {
        if (_module.Template.Exports.TryGetValue(name, out var export))
        {
            value = Resolve(export);
            return true;
        }

        value = null!;
        return false;
    }

    private Dictionary<string, ExternalValue> BuildExports()
    {
        var exports = _module.Definition.Exports;
        var result = new Dictionary<string, ExternalValue>(exports.Count, StringComparer.Ordinal);
        foreach (var export in exports)
        {
            result[export.Name] = Resolve(export);
        }

        return result;
    }

    private ExternalValue Resolve(Export export) => export.Kind switch
    {
        ExternalKind.Function => _context.Function(export.Index),
        ExternalKind.Table => _context.Tables[export.Index],
        ExternalKind.Memory => _context.Memory!,
        _ => _context.Globals[export.Index],
    };
}
