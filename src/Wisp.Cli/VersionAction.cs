using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Wisp.Cli;

/// <summary>
/// Prints wisp's own version for <c>--version</c>. The default action reports the entry assembly's
/// version, which is the test host's when the CLI runs in-process.
/// </summary>
internal sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
{
    public static string Version =>
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(Version);
        return ExitCodes.Success;
    }
}
