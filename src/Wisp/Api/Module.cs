using System.Text;
using Wisp.Compilation;
using Wisp.Compilation.Caching;
using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;
using Wisp.Model;
using Wisp.Validation;

namespace Wisp;

/// <summary>
/// A decoded, validated and compiled module. Immutable: compile once, then instantiate it in any
/// number of stores, from any thread.
/// </summary>
public sealed class Module
{
    private Module(Engine engine, string name, CompiledModule compiled)
    {
        Engine = engine;
        Name = name;
        Compiled = compiled;
        if (engine.JitInBackground && compiled.Lazy is null)
        {
            BackgroundJit.Start(compiled);
        }
    }

    public Engine Engine { get; }

    /// <summary>A name for diagnostics (usually the file name).</summary>
    public string Name { get; }

    // Described on first use: running a module never needs them (start-up).

    /// <summary>What the module needs, in the order it declares its imports.</summary>
    public IReadOnlyList<ImportDescription> Imports => field ??= [.. Definition.Imports.Select(DescribeImport)];

    /// <summary>What an instance of the module offers, in declaration order.</summary>
    public IReadOnlyList<ExportDescription> Exports => field ??= [.. Definition.Exports.Select(DescribeExport)];

    public ModuleDefinition Definition => Compiled.Definition;

    internal CompiledModule Compiled { get; }

    /// <summary>
    /// Decodes, validates and compiles a binary module. Raises <see cref="Diagnostics.MalformedModuleException"/>
    /// or <see cref="Diagnostics.InvalidModuleException"/> for bad input. With <see cref="Engine.Cache"/> set,
    /// a module compiled before (same bytes, Wisp build and code-changing settings) is loaded from the
    /// cache instead of being validated and compiled again.
    /// </summary>
    public static Module FromBytes(Engine engine, string name, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var definition = ModuleDecoder.Decode(bytes);
        var lazily = engine.CompileLazily ?? HasLargeCode(definition);
        if (engine.Cache is not { } cache)
        {
            Validate(engine, definition);
            var compiled = lazily ? ModuleCompiler.CompileLazily(definition, engine.CodeGeneration) : ModuleCompiler.Compile(definition, engine.CodeGeneration);
            return new Module(engine, name, compiled);
        }

        // A lazily compiled module's entry holds only its stubs, yet a hit still skips validation and
        // emitting a method per function, which is most of a big module's start-up.
        var key = CacheKey.Compute(bytes.Span, engine.ValidateModules, engine.CodeGeneration, lazily);
        if (cache.TryRead(key, bytes.Span) is { } cached)
        {
            try
            {
                return new Module(engine, name, Load(definition, cached, engine.CodeGeneration, lazily));
            }
            catch (InvalidDataException)
            {
                // Intact file and same module, yet the image does not load: compile afresh below.
                cache.Remove(key);
            }
        }

        Validate(engine, definition);
        var image = lazily
            ? ModuleCompiler.CompileLazyStubsToImage(definition, engine.CodeGeneration)
            : ModuleCompiler.CompileToImage(definition, engine.CodeGeneration);
        cache.Write(key, bytes.Span, image);
        return new Module(engine, name, Load(definition, image, engine.CodeGeneration, lazily));
    }

    private static CompiledModule Load(ModuleDefinition definition, ReadOnlyMemory<byte> image, CodeGenerationOptions options, bool lazily) =>
        lazily ? ModuleCompiler.LoadLazily(definition, image, options) : ModuleCompiler.Load(definition, image);

    /// <summary>
    /// Validates and compiles a binary or text module into the bytes of a precompiled module (a
    /// <c>.wisp</c> file; Wasmtime's <c>Engine::precompile_module</c>), which <see cref="Deserialize"/>
    /// loads without validating or compiling again. The file embeds the module's binary.
    /// </summary>
    public static byte[] Precompile(Engine engine, string name, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var wasm = IsBinary(bytes.Span) ? bytes : WatParser.ParseModule(Encoding.UTF8.GetString(bytes.Span), name);
        var definition = ModuleDecoder.Decode(wasm);
        Validate(engine, definition);
        var image = ModuleCompiler.CompileToImage(definition, engine.CodeGeneration);
        return CompiledImageFile.Write(CacheKey.Compute(wasm.Span, engine.ValidateModules, engine.CodeGeneration), wasm.Span, image);
    }

    /// <summary>
    /// Loads a precompiled module from <see cref="Precompile"/>. Only for files you trust as much as
    /// your own code: the compiled code in them runs unchecked. A file from another Wisp build or made
    /// with other code-changing settings is recompiled from the module it embeds; a damaged one raises
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static Module Deserialize(Engine engine, string name, byte[] precompiled)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(precompiled);
        if (!CompiledImageFile.TryRead(precompiled, out var key, out var wasm, out var image))
        {
            throw new InvalidDataException($"{name}: not a precompiled Wisp module, or a damaged one");
        }

        var matches = key.Span.SequenceEqual(CacheKey.Compute(wasm.Span, validated: true, engine.CodeGeneration))
            || key.Span.SequenceEqual(CacheKey.Compute(wasm.Span, engine.ValidateModules, engine.CodeGeneration));
        if (matches)
        {
            var definition = ModuleDecoder.Decode(wasm);
            try
            {
                return new Module(engine, name, ModuleCompiler.Load(definition, image));
            }
            catch (InvalidDataException)
            {
                // Fall through to recompiling the embedded module.
            }
        }

        return FromBytes(engine, name, wasm);
    }

    /// <summary>Whether <paramref name="bytes"/> start like a precompiled module (<see cref="Precompile"/>).</summary>
    public static bool IsPrecompiled(ReadOnlySpan<byte> bytes) => CompiledImageFile.HasMagic(bytes);

    /// <summary>Parses WebAssembly text (<c>(module ...)</c>), then proceeds as <see cref="FromBytes"/>. Syntax errors raise <see cref="Diagnostics.TextFormatException"/>.</summary>
    public static Module FromText(Engine engine, string name, string text) =>
        FromBytes(engine, name, WatParser.ParseModule(text, name));

    /// <summary>Loads a <c>.wasm</c> file, or a text file if it does not start with the binary magic number.</summary>
    public static Module FromFile(Engine engine, string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = System.IO.Path.GetFileName(path);
        if (IsPrecompiled(bytes))
        {
            // Never load compiled code implicitly: the caller must opt in to trusting it (Deserialize).
            throw new MalformedModuleException("this is a precompiled Wisp module, not WebAssembly; load it with Module.Deserialize", 0);
        }

        return FromBytesOrText(engine, name, bytes);
    }

    /// <summary>As <see cref="FromBytes"/> for a binary module, else as <see cref="FromText"/> on the bytes as UTF-8.</summary>
    public static Module FromBytesOrText(Engine engine, string name, byte[] bytes) =>
        IsBinary(bytes) ? FromBytes(engine, name, bytes) : FromText(engine, name, Encoding.UTF8.GetString(bytes));

    // Decide by content rather than extension so that a mislabelled file still loads.
    private static bool IsBinary(ReadOnlySpan<byte> bytes) => bytes is [0x00, 0x61, 0x73, 0x6D, ..];

    private static bool HasLargeCode(ModuleDefinition definition)
    {
        long total = 0;
        foreach (var body in definition.Bodies)
        {
            total += body.Code.Length;
        }

        return total >= Engine.LazyCompilationThreshold;
    }

    private static void Validate(Engine engine, ModuleDefinition definition)
    {
        if (engine.ValidateModules)
        {
            ModuleValidator.Validate(definition);
        }
    }

    private ImportDescription DescribeImport(Import import) => new(import.ModuleName, import.Name, import.Kind)
    {
        FunctionType = import.Kind == ExternalKind.Function ? Definition.Types[(int)import.TypeIndex] : null,
        TableType = import.Kind == ExternalKind.Table ? import.Table : null,
        MemoryType = import.Kind == ExternalKind.Memory ? import.Memory : null,
        GlobalType = import.Kind == ExternalKind.Global ? import.Global : null,
    };

    private ExportDescription DescribeExport(Export export)
    {
        var spaces = Definition.Spaces;
        var index = (int)export.Index;
        return new ExportDescription(export.Name, export.Kind)
        {
            FunctionType = export.Kind == ExternalKind.Function ? Definition.Types[(int)spaces.FunctionTypeIndices[index]] : null,
            TableType = export.Kind == ExternalKind.Table ? spaces.Tables[index] : null,
            MemoryType = export.Kind == ExternalKind.Memory ? spaces.Memories[index] : null,
            GlobalType = export.Kind == ExternalKind.Global ? spaces.Globals[index] : null,
        };
    }

    public override string ToString() => Name;
}
