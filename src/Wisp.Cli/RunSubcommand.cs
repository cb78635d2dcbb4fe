using System.CommandLine;
using Wisp.Diagnostics;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Cli;

/// <summary>
/// <c>wisp run FILE [--invoke NAME [ARGS...]]</c>: instantiates a module with no imports and calls an
/// export, printing its results one per line. WASI is not provided yet.
/// </summary>
internal static class RunSubcommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A .wasm or .wat module" }.AcceptExistingOnly();
        var arguments = new Argument<string[]>("ARGS")
        {
            Description = "Arguments for the invoked function",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var invoke = new Option<string?>("--invoke") { Description = "The exported function to call (default: _start, if exported)" };
        var command = new Command("run", "Run a WebAssembly module") { file, arguments, invoke };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(file)!,
            parseResult.GetValue(invoke),
            parseResult.GetValue(arguments) ?? [],
            output,
            error));
        return command;
    }

    private static int Run(FileInfo file, string? exportName, string[] arguments, TextWriter output, TextWriter error)
    {
        var engine = new Engine();
        Module module;
        try
        {
            module = Module.FromFile(engine, file.FullName);
        }
        catch (Exception e) when (e is MalformedModuleException or InvalidModuleException or TextFormatException)
        {
            // Text errors already start with the file name; binary errors carry the offset.
            error.WriteLine(e is TextFormatException ? $"Error: {e.Message}" : $"Error: {file}: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (IOException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Usage;
        }

        if (module.Imports.Count > 0)
        {
            error.WriteLine($"Error: {file} imports {module.Imports[0]}{(module.Imports.Count > 1 ? $" and {module.Imports.Count - 1} more" : "")}; wisp run does not provide imports yet (WASI support is planned)");
            return ExitCodes.Failure;
        }

        using var store = new Store(engine);
        try
        {
            var instance = new Linker(engine).Instantiate(store, module);
            var name = exportName ?? (instance.GetFunction("_start") is null ? null : "_start");
            if (name is null)
            {
                if (arguments.Length > 0)
                {
                    error.WriteLine("Error: arguments given but no --invoke");
                    return ExitCodes.Usage;
                }

                return ExitCodes.Success;
            }

            var function = instance.GetFunction(name);
            if (function is null)
            {
                error.WriteLine($"Error: {file} exports no function \"{name}\"");
                return ExitCodes.Usage;
            }

            if (!TryConvertArguments(function.Type, arguments, error, out var values))
            {
                return ExitCodes.Usage;
            }

            foreach (var result in function.Invoke(values))
            {
                output.WriteLine(InvokeArguments.Format(result));
            }

            return ExitCodes.Success;
        }
        catch (TrapException trap)
        {
            error.WriteLine($"Error: {trap.Message}");
            foreach (var frame in trap.WasmBacktrace)
            {
                error.WriteLine($"    at {frame}");
            }

            return ExitCodes.Trap;
        }
        catch (LinkException e)
        {
            error.WriteLine($"Error: {file}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static bool TryConvertArguments(FunctionType type, string[] arguments, TextWriter error, out Value[] values)
    {
        values = new Value[type.Parameters.Count];
        if (arguments.Length != values.Length)
        {
            error.WriteLine($"Error: the function has type {type}: it takes {values.Length} arguments, got {arguments.Length}");
            return false;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!InvokeArguments.TryParse(arguments[i], type.Parameters[i], out values[i]))
            {
                error.WriteLine($"Error: argument {i + 1} \"{arguments[i]}\" is not a valid {type.Parameters[i].Name()}");
                return false;
            }
        }

        return true;
    }
}
