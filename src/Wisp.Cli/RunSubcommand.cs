using System.CommandLine;
using System.Net.Sockets;
using Wisp.Compilation.Caching;
using Wisp.Diagnostics;
using Wisp.Model;
using Wisp.Runtime;
using Wisp.Wasi;

namespace Wisp.Cli;

/// <summary>
/// <c>wisp run [OPTIONS] FILE [ARGS...]</c>: instantiates a module with WASI preview1 and runs its
/// <c>_start</c> with ARGS as the guest's arguments, or calls <c>--invoke NAME</c> with ARGS and prints
/// its results one per line. Options end at FILE; everything after it belongs to the guest.
/// </summary>
internal static class RunSubcommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A .wasm or .wat module" }.AcceptExistingOnly();
        var arguments = new Argument<string[]>("ARGS")
        {
            Description = "The guest's arguments, or the invoked function's",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var invoke = new Option<string?>("--invoke") { Description = "The exported function to call (default: _start, if exported)" };
        var wasi = new WasiRunOptions();
        var limits = new RunLimitOptions();
        var timing = new RunTiming();
        var loading = new ModuleLoadOptions();
        var command = new Command("run", "Run a WebAssembly module") { file, arguments, invoke };
        foreach (var option in wasi.All.Concat(limits.All).Concat(loading.All).Concat(timing.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => Run(
            parseResult.GetValue(file)!,
            parseResult.GetValue(invoke),
            parseResult.GetValue(arguments) ?? [],
            parseResult,
            wasi,
            limits,
            loading,
            timing,
            output,
            error));
        return command;
    }

    private static int Run(
        FileInfo file, string? exportName, string[] arguments, ParseResult parseResult, WasiRunOptions wasi, RunLimitOptions limitOptions, ModuleLoadOptions loading, RunTiming timing, TextWriter output, TextWriter error)
    {
        RunLimits limits;
        ModuleCache? cache;
        try
        {
            limits = limitOptions.Parse(parseResult);
            cache = loading.Cache(parseResult);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Usage;
        }

        var engine = limits.CreateEngine(cache);
        Module module;
        var time = parseResult.GetValue(timing.Time);
        try
        {
            if (parseResult.GetValue(timing.InstantiateLoop) is > 0 and var instantiations)
            {
                error.WriteLine(RunTiming.MeasureInstantiation(file.FullName, instantiations));
                return ExitCodes.Success;
            }

            if (parseResult.GetValue(timing.CompileLoop) is > 0 and var compilations)
            {
                error.WriteLine(RunTiming.MeasureCompilation(file.FullName, compilations));
                return ExitCodes.Success;
            }

            timing.StartCompile();
            module = loading.Load(engine, file, parseResult);
            timing.EndCompile();
        }
        catch (Exception e) when (e is MalformedModuleException or InvalidModuleException or TextFormatException)
        {
            // Text errors already start with the file name; binary errors carry the offset.
            error.WriteLine(e is TextFormatException ? $"Error: {e.Message}" : $"Error: {file}: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Usage;
        }

        // The guest's argv: the module path as given, then its arguments (none when --invoke takes them).
        var listeners = new List<Socket>();
        using var store = limits.CreateStore(engine);
        WasiContext context;
        var linker = new Linker(engine);
        try
        {
            var configuration = wasi.Configure(parseResult, file.ToString(), exportName is null ? arguments : [], listeners);
            // The process's own streams reach the guest's descriptors directly; any other writer (a test's) gets the output.
            if (output is not StandardStreamWriter)
            {
                configuration.WithStandardOutput(output);
            }

            if (error is not StandardStreamWriter)
            {
                configuration.WithStandardError(error);
            }

            store.SetWasiConfiguration(configuration);
            context = store.WasiContext!;
            linker.DefineWasi();
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            error.WriteLine($"Error: {e.Message}");
            DisposeAll(listeners);
            return ExitCodes.Usage;
        }

        try
        {
            return limits.RunOnGuestThread(() => RunGuest(file, exportName, arguments, module, store, linker, context, limits, timing, output, error));
        }
        finally
        {
            DisposeAll(listeners);
            if (time && timing.Instantiated)
            {
                error.WriteLine(timing.FormatTimes());
            }

            FinishCacheSweep(cache);
        }
    }

    /// <summary>
    /// Lets a sweep of the cache started by this run's write finish (it ran beside the guest) before
    /// the process exits, so the cache ends up under its limit. The sweep is best effort: its failure
    /// is not the run's.
    /// </summary>
    private static void FinishCacheSweep(ModuleCache? cache)
    {
        try
        {
            cache?.PendingSweep.Wait();
        }
        catch (AggregateException)
        {
            // A sweep that failed leaves the cache as it was; the next one tries again.
        }
    }

    /// <summary>Instantiates and calls the guest; the deadline, if any, runs from here.</summary>
    private static int RunGuest(
        FileInfo file, string? exportName, string[] arguments, Module module, Store store, Linker linker, WasiContext context, RunLimits limits, RunTiming timing, TextWriter output, TextWriter error)
    {
        try
        {
            limits.StartDeadline(store);
            timing.StartInstantiate();
            var instance = linker.Instantiate(store, module);
            timing.EndInstantiate();
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

            if (!TryConvertArguments(function.Type, exportName is null ? [] : arguments, error, out var values))
            {
                return ExitCodes.Usage;
            }

            var results = function.Invoke(values);
            context.FlushOutput();
            foreach (var result in results)
            {
                output.WriteLine(InvokeArguments.Format(result));
            }

            return ExitCodes.Success;
        }
        catch (WasiExitException exit)
        {
            context.FlushOutput();
            return exit.ExitCode;
        }
        catch (TrapException trap)
        {
            context.FlushOutput();
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

    private static void DisposeAll(List<Socket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private static bool TryConvertArguments(FunctionType type, string[] arguments, TextWriter error, out Value[] values)
    {
        values = new Value[type.ParameterSpan.Length];
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
