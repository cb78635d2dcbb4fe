using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Compilation;

/// <summary>
/// Which calls can grow the memory while they run. With explicit bounds checks a function keeps the
/// memory's length in a local and must read it again after anything that can grow memory; a call to a
/// function that cannot (and whose callees cannot) leaves the local valid, and skipping the reload
/// saves two dependent loads per call. One pass over the module's bodies, then a walk up the call graph.
/// </summary>
/// <remarks>
/// A function can grow memory if its body has <c>memory.grow</c>, or it calls one that can. Imports
/// can: a host function may grow the caller's memory or call back into the module. An indirect call can
/// reach any function a table may hold. A table holds only functions the module makes references to
/// (element segments, global initialisers, <c>ref.func</c> in code) unless references come from outside: through an imported or exported table, or a reference-typed
/// value crossing an import or export. Then indirect calls can grow memory, as does every call to an
/// import. Multi-memory is not supported, so "the memory" is memory 0.
/// </remarks>
internal sealed class MemoryGrowth
{
    private readonly bool[] _mayGrow;

    private MemoryGrowth(bool[] mayGrow, bool indirectCallsMayGrow)
    {
        _mayGrow = mayGrow;
        IndirectCallsMayGrow = indirectCallsMayGrow;
    }

    /// <summary>Whether a <c>call_indirect</c> may reach a function that grows memory.</summary>
    public bool IndirectCallsMayGrow { get; }

    /// <summary>Whether calling function <paramref name="functionIndex"/> (an import or a defined function) may grow memory.</summary>
    public bool CallMayGrow(uint functionIndex) => _mayGrow[functionIndex];

    public static MemoryGrowth Analyze(ModuleDefinition module)
    {
        var imported = module.ImportedFunctionCount;
        var count = imported + module.Bodies.Count;
        var mayGrow = new bool[count];
        var callers = new List<int>[count];
        var callsIndirectly = new List<int>();
        var pending = new Stack<int>();
        var escapes = ReferencedFunctions(module, count);
        for (var i = 0; i < imported; i++)
        {
            mayGrow[i] = true;
            pending.Push(i);
        }

        for (var defined = 0; defined < module.Bodies.Count; defined++)
        {
            var function = imported + defined;
            var body = module.Bodies[defined];
            var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
            var indirect = false;
            while (!reader.AtEnd)
            {
                var instruction = reader.Read();
                switch (instruction.Opcode)
                {
                    case Opcode.MemoryGrow when !mayGrow[function]:
                        mayGrow[function] = true;
                        pending.Push(function);
                        break;
                    case Opcode.Call:
                        (callers[instruction.Index] ??= []).Add(function);
                        break;
                    case Opcode.CallIndirect:
                        indirect = true;
                        break;
                    case Opcode.RefFunc:
                        escapes[instruction.Index] = true;
                        break;
                }
            }

            if (indirect)
            {
                callsIndirectly.Add(function);
            }
        }

        var indirectMayGrow = ReferencesCrossModuleBoundary(module);
        while (true)
        {
            while (pending.TryPop(out var function))
            {
                indirectMayGrow |= escapes[function];
                foreach (var caller in callers[function] ?? [])
                {
                    if (!mayGrow[caller])
                    {
                        mayGrow[caller] = true;
                        pending.Push(caller);
                    }
                }
            }

            // Once a table may hold a function that grows memory, so may every indirect caller.
            if (indirectMayGrow)
            {
                foreach (var caller in callsIndirectly)
                {
                    if (!mayGrow[caller])
                    {
                        mayGrow[caller] = true;
                        pending.Push(caller);
                    }
                }

                callsIndirectly.Clear();
            }

            if (pending.Count == 0)
            {
                return new MemoryGrowth(mayGrow, indirectMayGrow);
            }
        }
    }

    /// <summary>The functions element segments and global initialisers make references to (<c>ref.func</c> in code is found by the scan).</summary>
    private static bool[] ReferencedFunctions(ModuleDefinition module, int count)
    {
        var referenced = new bool[count];
        foreach (var segment in module.Elements)
        {
            if (segment.FunctionIndices is { } indices)
            {
                foreach (var index in indices) referenced[index] = true;
            }
            else
            {
                foreach (var item in segment.Items) MarkRefFunc(item, referenced);
            }
        }

        foreach (var global in module.Globals) MarkRefFunc(global.Initializer, referenced);
        return referenced;
    }

    private static void MarkRefFunc(ConstantExpression expression, bool[] referenced)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            if (instruction.Opcode == Opcode.RefFunc) referenced[instruction.Index] = true;
        }
    }

    /// <summary>Whether function references can enter the module's tables from outside it.</summary>
    private static bool ReferencesCrossModuleBoundary(ModuleDefinition module)
    {
        foreach (var import in module.Imports)
        {
            var crosses = import.Kind switch
            {
                ExternalKind.Table => true,
                ExternalKind.Global => import.Global.ValType.IsReference(),
                ExternalKind.Function => MentionsReference(module.Types[(int)import.TypeIndex]),
                _ => false,
            };
            if (crosses) return true;
        }

        var imported = module.ImportedFunctionCount;
        foreach (var export in module.Exports)
        {
            var crosses = export.Kind switch
            {
                ExternalKind.Table => true,
                ExternalKind.Global => module.Spaces.Globals[(int)export.Index].ValType.IsReference(),
                ExternalKind.Function => MentionsReference(module.Types[(int)module.Spaces.FunctionTypeIndices[(int)export.Index]]),
                _ => false,
            };
            if (crosses) return true;
        }

        return false;
    }

    private static bool MentionsReference(FunctionType type) => AnyReference(type.ParameterSpan) || AnyReference(type.ResultSpan);

    private static bool AnyReference(ReadOnlySpan<ValType> types)
    {
        foreach (var type in types)
        {
            if (type.IsReference()) return true;
        }

        return false;
    }
}
