namespace Wisp.Cli;

/// <summary>Process exit codes of <c>wisp</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The module could not be loaded or run, or spec commands failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: unknown flag, missing file, arguments that do not fit.</summary>
    public const int Usage = 2;

    /// <summary>The guest trapped. 128 + SIGABRT, as Wasmtime's CLI reports traps.</summary>
    public const int Trap = 134;
}
