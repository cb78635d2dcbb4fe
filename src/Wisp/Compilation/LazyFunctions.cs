using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// The function bodies of a lazily compiled module: each is turned into IL on its first call, in a
/// type of its own in the module's collectible assembly, so the time and memory compiled code takes
/// grow with the functions actually run, not with the module. <see cref="Code"/> holds each body's
/// entry point once compiled (zero before); compiled code reads it through the instance context and
/// calls <see cref="Resolve"/> when it finds zero. Shared by every instance of the module.
/// </summary>
internal sealed class LazyFunctions
{
    private readonly ModuleDefinition _module;
    private readonly ModuleBuilder _builder;
    private readonly CodeGenerationOptions _options;
    private readonly Lock _compiling = new();

    public LazyFunctions(ModuleDefinition module, ModuleBuilder builder, CodeGenerationOptions options)
    {
        _module = module;
        _builder = builder;
        _options = options;
        Code = new nint[module.FunctionTypeIndices.Count];
    }

    /// <summary>Entry point of each defined function's body, or zero until its first call. Read by compiled IL.</summary>
    public readonly nint[] Code;

    /// <summary>How many bodies have been compiled so far.</summary>
    public int CompiledCount { get; private set; }

    /// <summary>The entry point of defined function <paramref name="definedIndex"/>, compiling it first if needed.</summary>
    public nint Resolve(int definedIndex)
    {
        var code = Volatile.Read(ref Code[definedIndex]);
        if (code != 0)
        {
            return code;
        }

        // One compiler at a time: TypeBuilder is not thread-safe, and two threads racing for the same
        // function must end up with one body.
        lock (_compiling)
        {
            code = Code[definedIndex];
            if (code == 0)
            {
                code = Compile(definedIndex);
                Volatile.Write(ref Code[definedIndex], code);
                CompiledCount++;
            }
        }

        return code;
    }

    private nint Compile(int definedIndex)
    {
        var name = ModuleEmission.FunctionMethodName(_module.ImportedFunctionCount + definedIndex);
        var type = _builder.DefineType($"Body{definedIndex}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        FunctionCompiler.Compile(ModuleEmission.ForLazyBody(_module, type, _options, definedIndex), definedIndex);
        var created = type.CreateType();
        CompiledFrameNames.Register(created, _module);
        var method = created.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)!;
        return method.MethodHandle.GetFunctionPointer();
    }
}
