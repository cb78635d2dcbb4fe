using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Instantiation (spec 4.5.4) in two steps. <see cref="Resolve"/> checks imports against their
/// declared types, once per set of imports. <see cref="Instantiate"/> does the per-instance minimum:
/// a new <see cref="InstanceContext"/>, one <see cref="CompiledFunction"/> per defined function, the
/// module's own memory (from the store's pool), tables and globals, then active element segments,
/// active data segments (Wasm 2.0: in order, a trap leaves earlier segments applied) and the start
/// function. Everything decodable ahead is in the module's <see cref="InstantiationTemplate"/>.
/// </summary>
internal static class ModuleInstantiator
{
    private const string IncompatibleImport = "incompatible import type";

    public static ResolvedImports Resolve(CompiledModule compiled, IReadOnlyList<ExternalValue> imports)
    {
        var module = compiled.Definition;
        if (imports.Count != module.Imports.Count)
        {
            throw new LinkException($"expected {module.Imports.Count} imports, got {imports.Count}");
        }

        var functions = new List<FunctionInstance>();
        var tables = new List<TableInstance>();
        var globals = new List<GlobalInstance>();
        LinearMemory? memory = null;
        for (var i = 0; i < imports.Count; i++)
        {
            var import = module.Imports[i];
            var value = imports[i];
            switch (import.Kind)
            {
                case ExternalKind.Function when value is FunctionInstance f && f.Type.Equals(module.Types[(int)import.TypeIndex]):
                    functions.Add(f);
                    break;
                case ExternalKind.Table when value is TableInstance t && t.ElementType == import.Table.ElementType
                        && import.Table.Limits.IsSatisfiedBy(t.Type.Limits):
                    tables.Add(t);
                    break;
                case ExternalKind.Memory when value is LinearMemory m && import.Memory.Limits.IsSatisfiedBy(m.Type.Limits):
                    memory = m;
                    break;
                case ExternalKind.Global when value is GlobalInstance g && g.Type == import.Global:
                    globals.Add(g);
                    break;
                default:
                    throw new LinkException(IncompatibleImport);
            }
        }

        return new ResolvedImports([.. functions], [.. tables], memory, [.. globals]);
    }

    /// <param name="store">The store the instance joins (what host functions see as their caller's); null for none.</param>
    /// <param name="control">The store's fuel, interrupt flag and limits; the module's own memory obeys its memory limit.</param>
    /// <param name="pool">Where the module's own memory comes from and, via <paramref name="store"/>, goes back to; null to map a new one.</param>
    public static ModuleInstance Instantiate(CompiledModule compiled, ResolvedImports imports, Store? store, ExecutionControl control, MemoryPool? pool)
    {
        var module = compiled.Definition;
        var template = compiled.Template;
        var context = new InstanceContext { TypeIds = compiled.TypeIds, Control = control, Store = store, Module = compiled, Lazy = compiled.Lazy, FunctionCode = compiled.FunctionCode };
        control.Register(context);
        var functions = new FunctionInstance?[imports.Functions.Length + template.FunctionTypes.Length];
        imports.Functions.CopyTo(functions, 0);
        context.Functions = functions;
        context.Tables = AllocateTables(module, imports);
        context.Table0 = context.Tables.Length > 0 ? context.Tables[0] : null;
        context.Memory = imports.Memory;
        if (module.MemoryArray is [var memoryType, ..])
        {
            var memory = pool is null
                ? new LinearMemory(memoryType, control.MaxMemoryPages)
                : pool.Rent(memoryType, control.MaxMemoryPages);
            context.Memory = memory;
            store?.Adopt(memory);
        }

        // Globals initialise in order; an initialiser may read imported globals (already in the context).
        var globals = new GlobalInstance[imports.Globals.Length + module.Globals.Count];
        imports.Globals.CopyTo(globals, 0);
        context.Globals = globals;
        for (var i = 0; i < module.Globals.Count; i++)
        {
            var global = module.Globals[i];
            var initial = template.GlobalInitializers[i] ?? ConstantEvaluator.Evaluate(global.Initializer, context);
            globals[imports.Globals.Length + i] = new GlobalInstance(global.Type, initial);
        }

        context.DataSegments = template.PassiveData.Length == 0 ? template.PassiveData : (ReadOnlyMemory<byte>[])template.PassiveData.Clone();
        var instance = new ModuleInstance(compiled, context);
        context.Instance = instance;
        InitializeTables(module, template, context);
        InitializeMemory(module, template, context);
        RunStart(module, context);
        return instance;
    }

    private static TableInstance[] AllocateTables(ModuleDefinition module, ResolvedImports imports)
    {
        var defined = module.TableArray;
        if (defined.Length == 0)
        {
            // Never written through: compiled code replaces a table's elements, not the table.
            return imports.Tables;
        }

        var tables = new TableInstance[imports.Tables.Length + defined.Length];
        imports.Tables.CopyTo(tables, 0);
        for (var i = 0; i < defined.Length; i++)
        {
            tables[imports.Tables.Length + i] = new TableInstance(defined[i]);
        }

        return tables;
    }

    /// <summary>Writes active element segments into their tables; keeps passive ones for <c>table.init</c>; every other segment is dropped.</summary>
    private static void InitializeTables(ModuleDefinition module, InstantiationTemplate template, InstanceContext context)
    {
        var segments = module.Elements;
        if (segments.Count == 0)
        {
            return;
        }

        var kept = new object?[segments.Count][];
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            kept[i] = segment.Mode == SegmentMode.Passive ? Elements(segment, template.ElementFunctions[i], context) : [];
        }

        context.ElementSegments = kept;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            var offset = (ulong)(uint)(template.ElementOffsets[i] ?? ConstantEvaluator.Evaluate(segment.Offset!, context)).AsInt32;
            var table = context.Tables[segment.TableIndex];
            var functionIndices = template.ElementFunctions[i];
            var count = functionIndices?.Length ?? segment.Items.Count;
            if (offset + (ulong)count > (ulong)table.Elements.Length)
            {
                Trap.ThrowTableOutOfBounds();
            }

            if (functionIndices is null)
            {
                Elements(segment, null, context).CopyTo(table.Elements, (int)offset);
                continue;
            }

            var elements = table.Elements;
            for (var j = 0; j < count; j++)
            {
                var index = functionIndices[j];
                elements[(int)offset + j] = index == InstantiationTemplate.NullElement ? null : context.Function((uint)index);
            }
        }
    }

    private static object?[] Elements(ElementSegment segment, int[]? functionIndices, InstanceContext context)
    {
        if (functionIndices is not null)
        {
            var elements = new object?[functionIndices.Length];
            for (var j = 0; j < elements.Length; j++)
            {
                var index = functionIndices[j];
                elements[j] = index == InstantiationTemplate.NullElement ? null : context.Function((uint)index);
            }

            return elements;
        }

        return [.. segment.Items.Select(item => ConstantEvaluator.Evaluate(item, context).Reference)];
    }

    /// <summary>Copies active data segments into memory, checking each against the memory's size as it comes.</summary>
    private static unsafe void InitializeMemory(ModuleDefinition module, InstantiationTemplate template, InstanceContext context)
    {
        var segments = module.Data;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }

            var offset = (ulong)(uint)(template.DataOffsets[i] ?? ConstantEvaluator.Evaluate(segment.Offset!, context)).AsInt32;
            var memory = context.Memory!;
            var data = segment.Data.Span;
            if (offset + (ulong)data.Length > memory.Length)
            {
                Trap.ThrowMemoryOutOfBounds();
            }

            data.CopyTo(new Span<byte>(memory.Base + offset, data.Length));
        }
    }

    private static void RunStart(ModuleDefinition module, InstanceContext context)
    {
        if (module.StartFunction is { } start)
        {
            var function = context.Function(start);
            if (function is CompiledFunction)
            {
                function.Invoke([], []);
            }
            else
            {
                // A host start function: same conversion of host errors as a call from guest code.
                HostCalls.Invoke(function, [], [], context);
            }
        }
    }
}
