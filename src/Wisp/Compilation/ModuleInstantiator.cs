using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Instantiation (spec 4.5.4): check imports against their declared types, allocate the module's own
/// memories, tables and globals, bind the compiled functions to a new <see cref="InstanceContext"/>,
/// then run active element segments, active data segments (Wasm 2.0: in order, a trap leaves earlier
/// segments applied) and the start function.
/// </summary>
internal static class ModuleInstantiator
{
    private const string IncompatibleImport = "incompatible import type";

    /// <param name="control">The store's fuel, interrupt flag and limits; the module's own memories obey its memory limit.</param>
    public static ModuleInstance Instantiate(CompiledModule compiled, IReadOnlyList<ExternalValue> imports, ExecutionControl control)
    {
        var module = compiled.Definition;
        if (imports.Count != module.Imports.Count)
        {
            throw new LinkException($"expected {module.Imports.Count} imports, got {imports.Count}");
        }

        var context = new InstanceContext { TypeIds = compiled.TypeIds, Control = control, Lazy = compiled.Lazy };
        var functions = new List<FunctionInstance>();
        var tables = new List<TableInstance>();
        var globals = new List<GlobalInstance>();
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
                    context.Memory = m;
                    break;
                case ExternalKind.Global when value is GlobalInstance g && g.Type == import.Global:
                    globals.Add(g);
                    break;
                default:
                    throw new LinkException(IncompatibleImport);
            }
        }

        var imported = functions.Count;
        for (var i = 0; i < module.FunctionTypeIndices.Count; i++)
        {
            var functionIndex = (uint)(imported + i);
            string? name = null;
            module.Names?.FunctionNames.TryGetValue(functionIndex, out name);
            functions.Add(new CompiledFunction(
                module.Types[(int)module.FunctionTypeIndices[i]], context, compiled.FunctionCode[i], compiled.EntryStubs[i], name));
        }

        context.Functions = [.. functions];
        foreach (var table in module.Tables)
        {
            tables.Add(new TableInstance(table));
        }

        context.Tables = [.. tables];
        foreach (var memory in module.Memories)
        {
            context.Memory = new LinearMemory(memory, control.MaxMemoryPages);
        }

        // Globals initialise in order; an initialiser may read imported globals (already in the context).
        context.Globals = [.. globals];
        foreach (var global in module.Globals)
        {
            globals.Add(new GlobalInstance(global.Type, ConstantEvaluator.Evaluate(global.Initializer, context)));
            context.Globals = [.. globals];
        }

        context.ElementSegments = [.. module.Elements.Select(segment => EvaluateElements(segment, context))];
        context.DataSegments = [.. module.Data.Select(segment => segment.Data)];
        var exports = BuildExports(module, context);

        for (var i = 0; i < module.Elements.Count; i++)
        {
            var segment = module.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.Evaluate(segment.Offset!, context).AsInt32;
                var elements = context.ElementSegments[i];
                TableOperations.Init(offset, 0, elements.Length, context.Tables[segment.TableIndex], context, i);
            }

            if (segment.Mode != SegmentMode.Passive)
            {
                TableOperations.DropElements(context, i);
            }
        }

        for (var i = 0; i < module.Data.Count; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.Evaluate(segment.Offset!, context).AsInt32;
                MemoryOperations.Init(offset, 0, segment.Data.Length, context, i);
                MemoryOperations.DropData(context, i);
            }
        }

        if (module.StartFunction is { } start)
        {
            var function = context.Functions[start];
            if (function is CompiledFunction)
            {
                function.Invoke([], []);
            }
            else
            {
                // A host start function: same conversion of host errors as a call from guest code.
                HostCalls.Invoke(function, [], []);
            }
        }

        return new ModuleInstance(exports, module.Names?.ModuleName);
    }

    private static object?[] EvaluateElements(ElementSegment segment, InstanceContext context)
    {
        if (segment.FunctionIndices is { } indices)
        {
            return [.. indices.Select(i => (object?)context.Functions[i])];
        }

        return [.. segment.Items.Select(item => ConstantEvaluator.Evaluate(item, context).Reference)];
    }

    private static Dictionary<string, ExternalValue> BuildExports(ModuleDefinition module, InstanceContext context)
    {
        var exports = new Dictionary<string, ExternalValue>(module.Exports.Count, StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => context.Functions[export.Index],
                ExternalKind.Table => context.Tables[export.Index],
                ExternalKind.Memory => context.Memory!,
                _ => context.Globals[export.Index],
            };
        }

        return exports;
    }
}
