using System.CommandLine;
using Wisp.Wast;

namespace Wisp.Cli;

/// <summary><c>wisp wast FILE...</c>: runs spec scripts; prints each failed command, a line per file and the total last.</summary>
internal static class WastSubcommand
{
    public static Command Create(TextWriter output)
    {
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "The .wast scripts to run",
            Arity = ArgumentArity.OneOrMore,
        }.AcceptExistingOnly();
        var relaxMessages = new Option<bool>("--relax-messages")
        {
            Description = "Accept assert_malformed/assert_invalid/assert_unlinkable failures of the right kind whatever their message",
        };
        var command = new Command("wast", "Run WebAssembly spec test scripts") { files, relaxMessages };
        command.SetAction(parseResult =>
        {
            var runner = new WastRunner(new WastRunnerOptions { CheckErrorMessages = !parseResult.GetValue(relaxMessages) });
            int passed = 0, failed = 0;
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                // FileInfo.ToString() is the path as typed, which keeps failure lines short and clickable.
                var result = runner.RunFile(file.ToString());
                foreach (var failure in result.Failures)
                {
                    output.WriteLine(failure);
                }

                output.WriteLine(result.Summary);
                passed += result.Passed;
                failed += result.Failed;
            }

            output.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
