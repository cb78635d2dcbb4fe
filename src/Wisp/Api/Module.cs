using System.Text;
using Wisp.Compilation;
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
        Imports = Definition.Imports.Select(DescribeImport).ToArray();
        Exports = Definition.Exports.Select(DescribeExport).ToArray();
    }

    public Engine Engine { get; }

    /// <summary>A name for diagnostics (usually the file name).</summary>
    public string Name { get; }

    /// <summary>What the module needs, in the order it declares its imports.</summary>
    public IReadOnlyList<ImportDescription> Imports { get; }

    /// <summary>What an instance of the module offers, in declaration order.</summary>
    public IReadOnlyList<ExportDescription> Exports { get; }

    public ModuleDefinition Definition => Compiled.Definition;

    internal CompiledModule Compiled { get; }

    /// <summary>
    /// Decodes, validates and compiles a binary module. Raises <see cref="Diagnostics.MalformedModuleException"/>
    /// or <see cref="Diagnostics.InvalidModuleException"/> for bad input.
    /// </summary>
    public static Module FromBytes(Engine engine, string name, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var definition = ModuleDecoder.Decode(bytes);
        if (engine.ValidateModules)
        {
            ModuleValidator.Validate(definition);
        }

        return new Module(engine, name, ModuleCompiler.Compile(definition, engine.Checks));
    }

    /// <summary>Parses WebAssembly text (<c>(module ...)</c>), then proceeds as <see cref="FromBytes"/>. Syntax errors raise <see cref="Diagnostics.TextFormatException"/>.</summary>
    public static Module FromText(Engine engine, string name, string text) =>
        FromBytes(engine, name, WatParser.ParseModule(text, name));

    /// <summary>Loads a <c>.wasm</c> file, or a text file if it does not start with the binary magic number.</summary>
    public static Module FromFile(Engine engine, string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = System.IO.Path.GetFileName(path);
        return IsBinary(bytes)
            ? FromBytes(engine, name, bytes)
            : FromText(engine, name, Encoding.UTF8.GetString(bytes));
    }

    // Decide by content rather than extension so that a mislabelled file still loads.
    private static bool IsBinary(byte[] bytes) => bytes is [0x00, 0x61, 0x73, 0x6D, ..];

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
