using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary>Runs the <c>wisp</c> command line in-process and captures what it writes.</summary>
public static class WispInvocation
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = WispCommandLine.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
