using Wisp.Diagnostics;
using Wisp.Model;

namespace Wisp.Validation;

/// <summary>Validates a decoded module (spec 3).</summary>
public static class ModuleValidator
{
    /// <summary>Throws <see cref="Diagnostics.InvalidModuleException"/> (or, for bad instruction encodings, <see cref="Diagnostics.MalformedModuleException"/>) if the module is not valid.</summary>
    public static void Validate(ModuleDefinition module)
    {
        ArgumentNullException.ThrowIfNull(module);

        // Binary-format rules the model can still violate when built by hand rather than decoded.
        if (module.Bodies.Count != module.FunctionTypeIndices.Count)
        {
            throw new MalformedModuleException("function and code section have inconsistent lengths", -1);
        }

        if (module.DataCount is { } dataCount && dataCount != (uint)module.Data.Count)
        {
            throw new MalformedModuleException("data count and data section have inconsistent lengths", -1);
        }

        // Checks follow the order of the reference interpreter, so a module with several faults reports the same one.
        ValidateImports(module);
        ValidateFunctionDeclarations(module);
        var context = new ValidationContext(module);
        DeclareExportedFunctions(context);
        ValidateGlobals(context);
        ValidateTables(module);
        ValidateMemories(module);
        ValidateElements(context);
        ValidateData(context);
        ValidateBodies(context);
        ValidateStart(context);
        ValidateExports(context);
        if (context.MemoryCount > 1)
        {
            throw new InvalidModuleException("multiple memories", -1);
        }
    }

    private static void ValidateImports(ModuleDefinition module)
    {
        var imports = module.Imports;
        for (var i = 0; i < imports.Count; i++)
        {
            var import = imports[i];
            var location = $"import \"{import.ModuleName}\" \"{import.Name}\"";
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    if (import.TypeIndex >= (uint)module.Types.Count)
                    {
                        throw ValidationContext.Unknown("type", import.TypeIndex, -1, location);
                    }

                    break;
                case ExternalKind.Table:
                    ValidateTableType(import.Table, location);
                    break;
                case ExternalKind.Memory:
                    ValidateMemoryType(import.Memory, location);
                    break;
            }
        }
    }

    private static void ValidateFunctionDeclarations(ModuleDefinition module)
    {
        var typeIndices = module.FunctionTypeIndices;
        for (var i = 0; i < typeIndices.Count; i++)
        {
            if (typeIndices[i] >= (uint)module.Types.Count)
            {
                throw ValidationContext.Unknown("type", typeIndices[i], module.Bodies[i].CodeOffset, $"function {module.ImportedFunctionCount + i}");
            }
        }
    }

    /// <summary>Exported functions belong to C.refs; constant expressions add theirs as they are validated.</summary>
    private static void DeclareExportedFunctions(ValidationContext context)
    {
        foreach (var export in context.Module.Exports)
        {
            if (export.Kind == ExternalKind.Function)
            {
                context.DeclareReference(export.Index);
            }
        }
    }

    private static void ValidateGlobals(ValidationContext context)
    {
        var globals = context.Module.Globals;
        for (var i = 0; i < globals.Count; i++)
        {
            var location = $"global {context.ImportedGlobalCount + i}";
            ConstantExpressionValidator.Validate(context, globals[i].Initializer, globals[i].Type.ValType, location);
        }
    }

    private static void ValidateTables(ModuleDefinition module)
    {
        var tables = module.Tables;
        for (var i = 0; i < tables.Count; i++)
        {
            ValidateTableType(tables[i], $"table {module.ImportedTableCount + i}");
        }
    }

    private static void ValidateMemories(ModuleDefinition module)
    {
        var memories = module.Memories;
        for (var i = 0; i < memories.Count; i++)
        {
            ValidateMemoryType(memories[i], $"memory {module.ImportedMemoryCount + i}");
        }
    }

    /// <summary>Table limits range over all of u32, so only their order can be wrong (spec 3.2.4).</summary>
    private static void ValidateTableType(TableType table, string location)
    {
        if (!table.ElementType.IsReference())
        {
            throw new InvalidModuleException("type mismatch", -1, location);
        }

        ValidateLimitsOrder(table.Limits, location);
    }

    /// <summary>Memory limits are at most 65536 pages (4 GiB), then ordered (spec 3.2.5).</summary>
    private static void ValidateMemoryType(MemoryType memory, string location)
    {
        var limits = memory.Limits;
        if (limits.Minimum > MemoryType.MaxPages || limits.Maximum > MemoryType.MaxPages)
        {
            throw new InvalidModuleException("memory size must be at most 65536 pages (4GiB)", -1, location);
        }

        ValidateLimitsOrder(limits, location);
    }

    private static void ValidateLimitsOrder(Limits limits, string location)
    {
        if (limits.Maximum is { } maximum && limits.Minimum > maximum)
        {
            throw new InvalidModuleException("size minimum must not be greater than maximum", -1, location);
        }
    }

    private static void ValidateElements(ValidationContext context)
    {
        var elements = context.Module.Elements;
        for (var i = 0; i < elements.Count; i++)
        {
            var segment = elements[i];
            var location = $"elem {i}";
            foreach (var item in segment.Items)
            {
                ConstantExpressionValidator.Validate(context, item, segment.ElementType, location);
            }

            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            var offset = segment.Offset ?? throw new InvalidModuleException("active element segment without offset", -1, location);
            var table = context.TableAt(segment.TableIndex, offset.Offset, location);
            if (table.ElementType != segment.ElementType)
            {
                throw new InvalidModuleException("type mismatch", offset.Offset, location);
            }

            ConstantExpressionValidator.Validate(context, offset, ValType.I32, location);
        }
    }

    private static void ValidateData(ValidationContext context)
    {
        var data = context.Module.Data;
        for (var i = 0; i < data.Count; i++)
        {
            var segment = data[i];
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            var location = $"data {i}";
            var offset = segment.Offset ?? throw new InvalidModuleException("active data segment without offset", -1, location);
            context.RequireMemory(segment.MemoryIndex, offset.Offset, location);
            ConstantExpressionValidator.Validate(context, offset, ValType.I32, location);
        }
    }

    private static void ValidateBodies(ValidationContext context)
    {
        var bodies = context.Module.Bodies;
        var validator = new FunctionValidator(context);
        for (var i = 0; i < bodies.Count; i++)
        {
            var index = (uint)(context.ImportedFunctionCount + i);
            try
            {
                validator.Validate(index, bodies[i]);
            }
            catch (InvalidModuleException e)
            {
                // Name the function only when something is wrong, so valid modules build no strings.
                throw new InvalidModuleException(e.Reason, e.Offset, $"function {index}");
            }
        }
    }

    private static void ValidateStart(ValidationContext context)
    {
        if (context.Module.StartFunction is not { } start)
        {
            return;
        }

        var type = context.FunctionTypeAt(start, -1, "start");
        if (type.Parameters.Count != 0 || type.Results.Count != 0)
        {
            throw new InvalidModuleException("start function must have type [] -> []", -1, "start");
        }
    }

    private static void ValidateExports(ValidationContext context)
    {
        var exports = context.Module.Exports;
        var names = new HashSet<string>(exports.Count, StringComparer.Ordinal);
        foreach (var export in exports)
        {
            var location = $"export \"{export.Name}\"";
            switch (export.Kind)
            {
                case ExternalKind.Function: context.FunctionTypeAt(export.Index, -1, location); break;
                case ExternalKind.Table: context.TableAt(export.Index, -1, location); break;
                case ExternalKind.Memory: context.RequireMemory(export.Index, -1, location); break;
                case ExternalKind.Global: context.GlobalAt(export.Index, -1, location); break;
                default: throw new InvalidModuleException("malformed export kind", -1, location);
            }

            if (!names.Add(export.Name))
            {
                throw new InvalidModuleException("duplicate export name", -1, location);
            }
        }
    }
}
