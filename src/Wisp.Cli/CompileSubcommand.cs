using System.CommandLine;
using Wisp.Diagnostics;

namespace Wisp.Cli;

/// <summary>
/// <c>wisp compile FILE [-o OUT]</c>: validates and compiles a module ahead of time into a precompiled
/// <c>.wisp</c> file (Wasmtime's <c>wasmtime compile</c>), which <c>wisp run --allow-precompiled</c>
/// runs without validating or compiling again. The settings that change generated code (fuel and
/// interruption checks) are chosen here; a file run with other settings is recompiled from the module
/// it embeds.
/// </summary>
internal static class CompileSubcommand
{
    public static Command Create(TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A .wasm or .wat module" }.AcceptExistingOnly();
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the precompiled module (default: FILE with extension .wisp)", HelpName = "OUT" };
        var fuel = new Option<bool>("--consume-fuel") { Description = "Compile in fuel checks (for running with --fuel)" };
        var interruptible = new Option<bool>("--interruptible") { Description = "Compile in interruption checks (for running with --timeout)" };
        var explicitChecks = RunLimitOptions.CreateExplicitBoundsChecks();
        var command = new Command("compile", "Compile a WebAssembly module ahead of time") { file, outputFile, fuel, interruptible, explicitChecks };
        command.SetAction(parseResult =>
        {
            var input = parseResult.GetValue(file)!;
            var target = parseResult.GetValue(outputFile)?.FullName ?? Path.ChangeExtension(input.FullName, ".wisp");
            var engine = new Engine
            {
                ConsumeFuel = parseResult.GetValue(fuel),
                Interruptible = parseResult.GetValue(interruptible),
                GuardPages = !parseResult.GetValue(explicitChecks),
            };
            try
            {
                var precompiled = Module.Precompile(engine, input.Name, File.ReadAllBytes(input.FullName));
                File.WriteAllBytes(target, precompiled);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is MalformedModuleException or InvalidModuleException or TextFormatException)
            {
                error.WriteLine(e is TextFormatException ? $"Error: {e.Message}" : $"Error: {input}: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"Error: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
