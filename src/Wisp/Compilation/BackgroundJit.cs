using System.Reflection;
using System.Runtime.CompilerServices;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Compilation;

/// <summary>
/// Jits a compiled module's functions on a background thread, in the order a run is likely to call
/// them (<see cref="CallOrder"/>), so that RyuJIT works while the host sets up WASI and instantiates
/// instead of at each function's first call: for a small C program the JIT of its printf path is
/// most of its run. A function the guest reaches before this thread does is jitted by the guest's
/// thread as usual; the runtime compiles each method once either way.
/// </summary>
internal static class BackgroundJit
{
    /// <summary>Function body bytes after which the order ends: a big module's other functions are jitted when called.</summary>
    public const int BodyBytesBudget = 256 * 1024;

    public static void Start(CompiledModule module)
    {
        // The thread holds the module, so its collectible code stays loaded until the thread ends.
        var thread = new Thread(() => JitInCallOrder(module)) { IsBackground = true, Name = "wisp background jit" };
        thread.Start();
    }

    /// <summary>
    /// Defined-function indices (0 = the first defined function) from the start function and the
    /// exported functions, each followed depth-first by the functions it calls directly, in the order
    /// its body calls them, until <paramref name="budget"/> bytes of bodies are listed.
    /// </summary>
    public static List<int> CallOrder(ModuleDefinition module, int budget = BodyBytesBudget)
    {
        var imported = module.ImportedFunctionCount;
        var order = new List<int>();
        var listed = new bool[module.Bodies.Count];
        var pending = new Stack<int>();
        var roots = new List<int>();
        if (module.StartFunction is { } start && start >= imported)
        {
            roots.Add((int)start - imported);
        }

        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index >= imported)
            {
                roots.Add((int)export.Index - imported);
            }
        }

        PushReversed(pending, roots);
        var callees = new List<int>();
        while (budget > 0 && pending.TryPop(out var defined))
        {
            if (listed[defined])
            {
                continue;
            }

            listed[defined] = true;
            order.Add(defined);
            var body = module.Bodies[defined];
            budget -= body.Code.Length;
            callees.Clear();
            var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
            while (!reader.AtEnd)
            {
                var instruction = reader.Read();
                if (instruction.Opcode == Opcode.Call && instruction.Index >= imported && !listed[instruction.Index - imported])
                {
                    callees.Add((int)instruction.Index - imported);
                }
            }

            PushReversed(pending, callees);
        }

        return order;
    }

    /// <summary>Pushed last first, so that they are popped in their order.</summary>
    private static void PushReversed(Stack<int> pending, List<int> functions)
    {
        for (var i = functions.Count - 1; i >= 0; i--)
        {
            pending.Push(functions[i]);
        }
    }

    internal static void JitInCallOrder(CompiledModule module)
    {
        try
        {
            var definition = module.Definition;
            var imported = definition.ImportedFunctionCount;
            var entryStubNames = ModuleEmission.EntryStubNames(definition);
            foreach (var export in definition.Exports)
            {
                if (export.Kind == ExternalKind.Function && export.Index >= imported)
                {
                    // The host enters exported functions through their entry stubs.
                    Jit(module.CodeType, entryStubNames[(int)export.Index - imported]);
                }
            }

            foreach (var defined in CallOrder(definition))
            {
                if (Jit(module.CodeType, ModuleEmission.FunctionMethodName(imported + defined)) is { } method)
                {
                    // Now that the method has code, its entry point is that code, no longer the
                    // precode that jumps to it: recursive calls read it (FunctionCompiler.EmitCall).
                    Volatile.Write(ref module.FunctionCode[defined], method.MethodHandle.GetFunctionPointer());
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: whatever is left is jitted at its first call, as without this thread.
        }
    }

    private static MethodInfo? Jit(Type code, string name)
    {
        if (code.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly) is { } method)
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            return method;
        }

        return null;
    }
}
