using System.CommandLine;

namespace Wisp.Cli;

/// <summary>The <c>wisp</c> command line: parses arguments and dispatches to a subcommand.</summary>
public static class WispCommandLine
{
    /// <summary>Runs <c>wisp</c> with <paramref name="args"/>, writing to the given streams, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Wisp: a WebAssembly runtime for .NET");
        foreach (var subcommand in Subcommands(args, output, error))
        {
            root.Subcommands.Add(subcommand);
        }

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction(output);
        }

        var parsed = root.Parse(WasiRunOptions.SeparateGuestArguments(args));
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"Error: {parseError.Message}");
            }

            error.WriteLine("Run 'wisp --help' for usage.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(invocation);
    }

    /// <summary>
    /// The subcommand named by the first argument, or all of them (for help, --version and errors).
    /// Building one command with its options costs start-up time (type loads, jitted generic code),
    /// and a run never needs the others.
    /// </summary>
    private static Command[] Subcommands(string[] args, TextWriter output, TextWriter error)
    {
        Command Create(string name) => name switch
        {
            "run" => RunSubcommand.Create(output, error),
            "compile" => CompileSubcommand.Create(error),
            "wast" => WastSubcommand.Create(output),
            _ => ServeSubcommand.Create(error),
        };

        return args.Length > 0 && args[0] is "run" or "compile" or "wast" or "serve"
            ? [Create(args[0])]
            : [Create("run"), Create("compile"), Create("wast"), Create("serve")];
    }
}
