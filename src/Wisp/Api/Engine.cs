namespace Wisp;

/// <summary>
/// Configuration shared by everything compiled and run with it. Holds no per-tenant state, so one
/// engine serves every store in a process and may be used from many threads at once.
/// </summary>
public sealed class Engine
{
    /// <summary>An engine with the default configuration.</summary>
    public Engine()
    {
    }

    /// <summary>
    /// Whether <see cref="Module"/> validates modules before compiling them. Only turn this off for
    /// modules that were validated before (the compiler assumes valid input).
    /// </summary>
    public bool ValidateModules { get; init; } = true;
}
