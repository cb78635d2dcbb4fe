using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// The IL being built for one module: one static class whose static methods are the module's
/// functions (<c>f{index}</c>), its entry stubs and its host thunks. Everything goes through a
/// <see cref="TypeBuilder"/>, so the same code targets a collectible in-memory assembly and a
/// <c>PersistedAssemblyBuilder</c> for the on-disk cache.
/// </summary>
internal sealed class ModuleEmission
{
    private const MethodAttributes StaticMethod = MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig;

    private readonly Dictionary<FunctionType, MethodBuilder> _hostThunks = [];
    private readonly Dictionary<FunctionType, MethodBuilder> _entryStubs = [];

    /// <summary>Every defined function's method in <paramref name="type"/>, for eager compilation.</summary>
    public ModuleEmission(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options)
        : this(module, type, options, isLazy: false)
    {
        Functions = new MethodBuilder[module.FunctionTypeIndexArray.Length];
        for (var i = 0; i < Functions.Length; i++)
        {
            Functions[i] = DefineFunction(i, FunctionMethodName(module.ImportedFunctionCount + i));
        }

        Growth = MemoryGrowth.Analyze(module);
    }

    private ModuleEmission(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options, bool isLazy)
    {
        Module = module;
        Type = type;
        Checks = options.Checks;
        CanonicalizeNaNs = options.CanonicalizeNaNs;
        GuardPages = options.GuardPages;
        IsLazy = isLazy;
        Functions = [];
    }

    public ModuleDefinition Module { get; }

    public TypeBuilder Type { get; }

    /// <summary>The fuel and interrupt checks every function carries.</summary>
    public InterruptionChecks Checks { get; }

    /// <summary>Whether NaN results of float arithmetic are replaced by the canonical NaN (<see cref="Engine.CanonicalizeNaNs"/>).</summary>
    public bool CanonicalizeNaNs { get; }

    /// <summary>Whether memory accesses rely on guard pages instead of explicit bounds checks (<see cref="Engine.GuardPages"/>).</summary>
    public bool GuardPages { get; }

    /// <summary>The methods of the module's defined functions (not imports), in definition order; empty when lazy.</summary>
    public MethodBuilder[] Functions { get; }

    /// <summary>
    /// Whether the module is compiled lazily (<see cref="LazyFunctions"/>): calls between its functions
    /// then go through the code table instead of direct <c>call</c>s to methods of one type.
    /// </summary>
    public bool IsLazy { get; }

    /// <summary>
    /// Which calls may grow memory; null when lazy, where one function is compiled at a time and the
    /// whole module is not scanned (every call then counts as one that may).
    /// </summary>
    public MemoryGrowth? Growth { get; }

    /// <summary>The one body method of a lazy emission (<see cref="ForLazyBody"/>).</summary>
    private MethodBuilder? LazyBody { get; set; }

    /// <summary>The method defined function <paramref name="definedIndex"/> compiles into.</summary>
    public MethodBuilder Function(int definedIndex) => IsLazy ? LazyBody! : Functions[definedIndex];

    /// <summary>The stubs of a lazy module (<see cref="LazyStubName"/>, entry stubs) go into <paramref name="type"/>.</summary>
    public static ModuleEmission ForLazyStubs(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options) =>
        new(module, type, options, isLazy: true);

    /// <summary>Defined function <paramref name="definedIndex"/> of a lazy module alone, in <paramref name="type"/>.</summary>
    public static ModuleEmission ForLazyBody(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options, int definedIndex)
    {
        var emission = new ModuleEmission(module, type, options, isLazy: true);
        emission.LazyBody = emission.DefineFunction(definedIndex, FunctionMethodName(module.ImportedFunctionCount + definedIndex));
        return emission;
    }

    /// <summary>A static method with defined function <paramref name="definedIndex"/>'s compiled signature.</summary>
    public MethodBuilder DefineFunction(int definedIndex, string name)
    {
        var functionType = Module.Types[(int)Module.FunctionTypeIndexArray[definedIndex]];
        var (returnType, parameters) = ClrTypes.Signature(functionType, typeof(InstanceContext));
        return FullyOptimized(Type.DefineMethod(name, StaticMethod, returnType, parameters));
    }

    // Collectible code is never tiered (the runtime's code versioning does not support collectible
    // load contexts), so both in-memory and cached images are jitted fully optimised on first call. An
    // image loaded for good would start in tier 0 (fib ran 1.6x slower from a cache loaded that way);
    // AggressiveOptimization keeps every way of loading on the same code.
    private static MethodBuilder FullyOptimized(MethodBuilder method)
    {
        method.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
        return method;
    }

    /// <summary>A lazy module's stub for a defined function: not <c>f{index}</c>, so backtraces name only the body.</summary>
    public static string LazyStubName(int functionIndex) => $"lazy{functionIndex}";

    public static string FunctionMethodName(int functionIndex) => $"f{functionIndex}";

    public static string EntryStubName(int id) => $"entry{id}";

    /// <summary>
    /// The entry stub name of each defined function: one stub per distinct type, numbered in order of
    /// first use. A module loaded from an image finds its stubs by these names without emitting anything.
    /// </summary>
    public static string[] EntryStubNames(ModuleDefinition module)
    {
        var ids = new Dictionary<FunctionType, int>();
        var typeIndices = module.FunctionTypeIndexArray;
        var names = new string[typeIndices.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var type = module.Types[(int)typeIndices[i]];
            if (!ids.TryGetValue(type, out var id))
            {
                id = ids.Count;
                ids.Add(type, id);
            }

            names[i] = EntryStubName(id);
        }

        return names;
    }

    /// <summary>The thunk calling a non-compiled function of <paramref name="type"/>; emitted on first request.</summary>
    public MethodBuilder HostThunk(FunctionType type)
    {
        if (!_hostThunks.TryGetValue(type, out var thunk))
        {
            var (returnType, parameters) = ClrTypes.Signature(type, typeof(FunctionInstance));
            parameters = [.. parameters, typeof(InstanceContext)];
            thunk = FullyOptimized(Type.DefineMethod($"host{_hostThunks.Count}", StaticMethod, returnType, parameters));
            StubEmitter.EmitHostThunk(thunk, type);
            _hostThunks.Add(type, thunk);
        }

        return thunk;
    }

    /// <summary>
    /// The name of the entry stub for <paramref name="type"/>; emitted on first request. Requested for
    /// each defined function in order, so names match <see cref="EntryStubNames"/>.
    /// </summary>
    public string EntryStub(FunctionType type)
    {
        if (!_entryStubs.TryGetValue(type, out var stub))
        {
            stub = FullyOptimized(Type.DefineMethod(
                EntryStubName(_entryStubs.Count),
                StaticMethod,
                typeof(void),
                [typeof(ReadOnlySpan<Value>), typeof(Span<Value>), typeof(InstanceContext), typeof(nint)]));
            StubEmitter.EmitEntryStub(stub, type);
            _entryStubs.Add(type, stub);
        }

        return stub.Name;
    }
}
