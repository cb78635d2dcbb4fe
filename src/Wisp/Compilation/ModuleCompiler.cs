using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>Compiles a validated module to IL.</summary>
public static class ModuleCompiler
{
    private static int _assemblyCount;

    /// <summary>Compiles <paramref name="module"/>, which must have passed validation.</summary>
    public static CompiledModule Compile(ModuleDefinition module) => Compile(module, InterruptionChecks.None);

    /// <summary>Compiles <paramref name="module"/> with <paramref name="checks"/> at function entries and loop headers.</summary>
    internal static CompiledModule Compile(ModuleDefinition module, InterruptionChecks checks)
    {
        // Initialised before any compiled code is jitted, so loads of its fields need no init check.
        RuntimeHelpers.RunClassConstructor(typeof(UnfoldableFloatConstants).TypeHandle);
        var name = new AssemblyName($"Wisp.Compiled.M{Interlocked.Increment(ref _assemblyCount)}");
        var ignoresAccessChecks = new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!,
            [typeof(ModuleCompiler).Assembly.GetName().Name!]);
        // Collectible: the code is unloaded when the CompiledModule and every instance of it are gone.
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect, [ignoresAccessChecks]);
        var type = assembly.DefineDynamicModule(name.Name!)
            .DefineType("WasmModule", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);

        var emission = new ModuleEmission(module, type, checks);
        var entryStubNames = new string[emission.Functions.Length];
        for (var i = 0; i < emission.Functions.Length; i++)
        {
            FunctionCompiler.Compile(emission, i);
            entryStubNames[i] = emission.EntryStub(module.Types[(int)module.FunctionTypeIndices[i]]);
        }

        var created = type.CreateType();
        CompiledFrameNames.Register(created, module);
        var methods = created.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        var imported = module.ImportedFunctionCount;
        var code = new nint[emission.Functions.Length];
        var entries = new EntryStub[emission.Functions.Length];
        var stubs = new Dictionary<string, EntryStub>(StringComparer.Ordinal);
        for (var i = 0; i < code.Length; i++)
        {
            var method = methods[ModuleEmission.FunctionMethodName(imported + i)];
            code[i] = method.MethodHandle.GetFunctionPointer();
            if (!stubs.TryGetValue(entryStubNames[i], out var stub))
            {
                stub = methods[entryStubNames[i]].CreateDelegate<EntryStub>();
                stubs.Add(entryStubNames[i], stub);
            }

            entries[i] = stub;
        }

        return new CompiledModule(module, created, code, entries, [.. module.Types.Select(FunctionTypeIds.Of)]);
    }
}
