using System.CommandLine;

namespace Wisp.Cli;

/// <summary>The <c>wisp</c> command line: parses arguments and dispatches to a subcommand.</summary>
public static class WispCommandLine
{
    /// <summary>Runs <c>wisp</c> with <paramref name="args"/>, writing to the given streams, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Wisp: a WebAssembly runtime for .NET")
        {
            RunSubcommand.Create(output, error),
            CompileSubcommand.Create(error),
            WastSubcommand.Create(output),
            ServeSubcommand.Create(error),
        };
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
}
