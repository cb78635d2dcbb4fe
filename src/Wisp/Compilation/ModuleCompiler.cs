using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>Compiles a validated module to IL.</summary>
public static class ModuleCompiler
{
    private const string GeneratedTypeName = "WasmModule";
    private const TypeAttributes GeneratedTypeAttributes = TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class;

    private static int _assemblyCount;

    /// <summary>Compiles <paramref name="module"/>, which must have passed validation.</summary>
    public static CompiledModule Compile(ModuleDefinition module) => Compile(module, CodeGenerationOptions.Default);

    /// <summary>Compiles <paramref name="module"/> with <paramref name="checks"/> at function entries and loop headers.</summary>
    internal static CompiledModule Compile(ModuleDefinition module, CodeGenerationOptions options)
    {
        var name = NextAssemblyName();
        // Collectible: the code is unloaded when the CompiledModule and every instance of it are gone.
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect, [IgnoresAccessChecks()]);
        var type = assembly.DefineDynamicModule(name.Name!).DefineType(GeneratedTypeName, GeneratedTypeAttributes);
        Emit(module, type, options);
        return Bind(module, type.CreateType(), ModuleEmission.FunctionMethodName, lazy: null);
    }

    /// <summary>
    /// Compiles <paramref name="module"/> lazily: only a small stub per function now, each body on its
    /// first call (<see cref="LazyFunctions"/>). For big modules, where emitting IL for every function
    /// up front would dominate start-up; calls between functions then go through a code table.
    /// </summary>
    internal static CompiledModule CompileLazily(ModuleDefinition module, CodeGenerationOptions options)
    {
        var name = NextAssemblyName();
        var assembly = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect, [IgnoresAccessChecks()]);
        var builder = assembly.DefineDynamicModule(name.Name!);
        var type = builder.DefineType(GeneratedTypeName, GeneratedTypeAttributes);
        EmitLazyStubs(module, type, options);
        return Bind(module, type.CreateType(), ModuleEmission.LazyStubName, new LazyFunctions(module, builder, options));
    }

    /// <summary>
    /// The stubs of <see cref="CompileLazily"/> as the bytes of a standalone assembly, for the on-disk
    /// cache; <see cref="LoadLazily"/> turns them into a runnable module whose bodies are compiled on
    /// first call as before. What a big module's warm start then skips is emitting one method per function.
    /// </summary>
    internal static byte[] CompileLazyStubsToImage(ModuleDefinition module, CodeGenerationOptions options) =>
        SaveImage(type => EmitLazyStubs(module, type, options));

    /// <summary>
    /// Loads stubs from <see cref="CompileLazyStubsToImage"/> of the same <paramref name="module"/>, as
    /// <see cref="Load"/> does an eager image. Bodies go into a collectible in-memory assembly of their
    /// own (they never refer to the stubs), compiled with <paramref name="options"/>, which must be the
    /// options the stubs were made with.
    /// </summary>
    internal static CompiledModule LoadLazily(ModuleDefinition module, ReadOnlyMemory<byte> image, CodeGenerationOptions options) =>
        LoadImage(module, image, type =>
        {
            var name = NextAssemblyName();
            var bodies = AssemblyBuilder.DefineDynamicAssembly(name, AssemblyBuilderAccess.RunAndCollect, [IgnoresAccessChecks()]);
            var lazy = new LazyFunctions(module, bodies.DefineDynamicModule(name.Name!), options);
            return Bind(module, type, ModuleEmission.LazyStubName, lazy);
        });

    private static void EmitLazyStubs(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options)
    {
        var emission = ModuleEmission.ForLazyStubs(module, type, options);
        var imported = module.ImportedFunctionCount;
        for (var i = 0; i < module.FunctionTypeIndices.Count; i++)
        {
            var functionType = module.Types[(int)module.FunctionTypeIndices[i]];
            EmitLazyStub(emission.DefineFunction(i, ModuleEmission.LazyStubName(imported + i)), functionType, i);
            emission.EntryStub(functionType);
        }
    }

    /// <summary>A stub with the function's signature that calls its body (compiling it on the first call).</summary>
    private static void EmitLazyStub(MethodBuilder stub, FunctionType type, int definedIndex)
    {
        var il = stub.GetILGenerator();
        var (returnType, parameterTypes) = ClrTypes.Signature(type, typeof(InstanceContext));
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, (short)i);
        }

        LazyCallEmitter.EmitCodePointer(il, (short)(parameterTypes.Length - 1), definedIndex);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameterTypes, null);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// Compiles <paramref name="module"/> into the bytes of a standalone assembly (the form the on-disk
    /// cache and <c>wisp compile</c> keep); <see cref="Load"/> turns them into a runnable module.
    /// </summary>
    internal static byte[] CompileToImage(ModuleDefinition module, CodeGenerationOptions options) =>
        SaveImage(type => Emit(module, type, options));

    /// <summary>The bytes of a standalone assembly whose generated type <paramref name="emit"/> fills.</summary>
    private static byte[] SaveImage(Action<TypeBuilder> emit)
    {
        var name = NextAssemblyName();
        var assembly = new PersistedAssemblyBuilder(name, typeof(object).Assembly, [IgnoresAccessChecks()]);
        var type = assembly.DefineDynamicModule(name.Name!).DefineType(GeneratedTypeName, GeneratedTypeAttributes);
        emit(type);
        type.CreateType();
        using var image = new MemoryStream();
        assembly.Save(image);
        return image.ToArray();
    }

    /// <summary>
    /// Loads an image from <see cref="CompileToImage"/> of the same <paramref name="module"/> into its own
    /// collectible load context, unloaded once the module and its instances are unreachable. An image
    /// that is not an assembly, or not one compiled from this module, raises <see cref="InvalidDataException"/>.
    /// </summary>
    internal static CompiledModule Load(ModuleDefinition module, ReadOnlyMemory<byte> image) =>
        LoadImage(module, image, type => Bind(module, type, ModuleEmission.FunctionMethodName, lazy: null));

    private static CompiledModule LoadImage(ModuleDefinition module, ReadOnlyMemory<byte> image, Func<Type, CompiledModule> bind)
    {
        var context = new AssemblyLoadContext($"Wisp.Compiled.{Interlocked.Increment(ref _assemblyCount)}", isCollectible: true);
        try
        {
            using var stream = MemoryMarshal.TryGetArray(image, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(image.ToArray(), writable: false);
            var type = GeneratedType(context.LoadFromStream(stream));
            return bind(type);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or ReflectionTypeLoadException
            or MissingMemberException or KeyNotFoundException or ArgumentException)
        {
            context.Unload();
            throw new InvalidDataException($"the compiled image does not belong to this module or this Wisp build: {e.Message}", e);
        }
    }

    /// <summary>
    /// The generated type of a loaded image. Found among the assembly's types rather than with
    /// <c>Assembly.GetType(name)</c>, whose type-name parser costs milliseconds of jitted framework code
    /// at start-up.
    /// </summary>
    private static Type GeneratedType(Assembly image)
    {
        foreach (var type in image.GetTypes())
        {
            if (type.Name == GeneratedTypeName && type.Namespace is null)
            {
                return type;
            }
        }

        throw new TypeLoadException($"the image defines no type {GeneratedTypeName}");
    }

    private static AssemblyName NextAssemblyName() => new($"Wisp.Compiled.M{Interlocked.Increment(ref _assemblyCount)}");

    private static CustomAttributeBuilder IgnoresAccessChecks() => new(
        typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!,
        [typeof(ModuleCompiler).Assembly.GetName().Name!]);

    private static void Emit(ModuleDefinition module, TypeBuilder type, CodeGenerationOptions options)
    {
        var emission = new ModuleEmission(module, type, options);
        for (var i = 0; i < emission.Functions.Length; i++)
        {
            FunctionCompiler.Compile(emission, i);
            emission.EntryStub(module.Types[(int)module.FunctionTypeIndices[i]]);
        }
    }

    /// <summary>Looks up the generated methods of <paramref name="created"/> and wraps them for instantiation.</summary>
    private static CompiledModule Bind(ModuleDefinition module, Type created, Func<int, string> functionMethodName, LazyFunctions? lazy)
    {
        // Initialised before any compiled code is jitted, so loads of its fields need no init check.
        RuntimeHelpers.RunClassConstructor(typeof(UnfoldableFloatConstants).TypeHandle);
        CompiledFrameNames.Register(created, module);
        var imported = module.ImportedFunctionCount;
        var entryStubNames = ModuleEmission.EntryStubNames(module);
        var code = new nint[entryStubNames.Length];
        var entries = new EntryStub[entryStubNames.Length];
        var stubs = new Dictionary<string, EntryStub>(StringComparer.Ordinal);
        var methods = created.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = methods[functionMethodName(imported + i)].MethodHandle.GetFunctionPointer();
            if (!stubs.TryGetValue(entryStubNames[i], out var stub))
            {
                stub = methods[entryStubNames[i]].CreateDelegate<EntryStub>();
                stubs.Add(entryStubNames[i], stub);
            }

            entries[i] = stub;
        }

        var typeIds = new int[module.Types.Count];
        for (var i = 0; i < typeIds.Length; i++)
        {
            typeIds[i] = FunctionTypeIds.Of(module.Types[i]);
        }

        return new CompiledModule(module, created, code, entries, typeIds, lazy);
    }
}
