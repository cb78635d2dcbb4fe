namespace Wisp.Wasi;

/// <summary>
/// The guest called <c>proc_exit</c>. Unwinds through guest frames like a trap (the runtime lets it
/// pass unconverted), but it is a normal end of the program: callers turn it into an exit status.
/// </summary>
public sealed class WasiExitException(int exitCode) : Exception($"the guest exited with status {exitCode}")
{
    public int ExitCode { get; } = exitCode;
}
