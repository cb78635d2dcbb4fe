using Wisp.Model;

namespace Wisp.Validation;

/// <summary>Validates a decoded module (spec 3).</summary>
public static class ModuleValidator
{
    /// <summary>Throws <see cref="Diagnostics.InvalidModuleException"/> (or, for bad instruction encodings, <see cref="Diagnostics.MalformedModuleException"/>) if the module is not valid.</summary>
    public static void Validate(ModuleDefinition module) => throw new NotImplementedException("contract: the validator helper implements this");
}
