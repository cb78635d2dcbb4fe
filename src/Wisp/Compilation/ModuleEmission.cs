using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// The IL being built for one module: one static class whose static methods are the module's
/// functions (<c>f{index}</c>), its entry stubs and its host thunks. Everything goes through a
/// <see cref="TypeBuilder"/>, so the same code can target a collectible in-memory assembly today
/// and a <c>PersistedAssemblyBuilder</c> for an on-disk cache later.
/// </summary>
internal sealed class ModuleEmission
{
    private const MethodAttributes StaticMethod = MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig;

    private readonly Dictionary<FunctionType, MethodBuilder> _hostThunks = [];
    private readonly Dictionary<FunctionType, MethodBuilder> _entryStubs = [];

    public ModuleEmission(ModuleDefinition module, TypeBuilder type, InterruptionChecks checks)
    {
        Module = module;
        Type = type;
        Checks = checks;
        var imported = module.ImportedFunctionCount;
        Functions = new MethodBuilder[module.FunctionTypeIndices.Count];
        for (var i = 0; i < Functions.Length; i++)
        {
            var functionType = module.Types[(int)module.FunctionTypeIndices[i]];
            var (returnType, parameters) = ClrTypes.Signature(functionType, typeof(InstanceContext));
            Functions[i] = type.DefineMethod(FunctionMethodName(imported + i), StaticMethod, returnType, parameters);
        }
    }

    public ModuleDefinition Module { get; }

    public TypeBuilder Type { get; }

    /// <summary>The fuel and interrupt checks every function carries.</summary>
    public InterruptionChecks Checks { get; }

    /// <summary>The methods of the module's defined functions (not imports), in definition order.</summary>
    public MethodBuilder[] Functions { get; }

    public static string FunctionMethodName(int functionIndex) => $"f{functionIndex}";

    public static string EntryStubName(int id) => $"entry{id}";

    /// <summary>The thunk calling a non-compiled function of <paramref name="type"/>; emitted on first request.</summary>
    public MethodBuilder HostThunk(FunctionType type)
    {
        if (!_hostThunks.TryGetValue(type, out var thunk))
        {
            var (returnType, parameters) = ClrTypes.Signature(type, typeof(FunctionInstance));
            parameters = [.. parameters, typeof(InstanceContext)];
            thunk = Type.DefineMethod($"host{_hostThunks.Count}", StaticMethod, returnType, parameters);
            StubEmitter.EmitHostThunk(thunk, type);
            _hostThunks.Add(type, thunk);
        }

        return thunk;
    }

    /// <summary>The name of the entry stub for <paramref name="type"/>; emitted on first request.</summary>
    public string EntryStub(FunctionType type)
    {
        if (!_entryStubs.TryGetValue(type, out var stub))
        {
            stub = Type.DefineMethod(
                EntryStubName(_entryStubs.Count),
                StaticMethod,
                typeof(void),
                [typeof(ReadOnlySpan<Value>), typeof(Span<Value>), typeof(InstanceContext), typeof(nint)]);
            StubEmitter.EmitEntryStub(stub, type);
            _entryStubs.Add(type, stub);
        }

        return stub.Name;
    }
}
