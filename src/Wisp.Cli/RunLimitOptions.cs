using System.CommandLine;

namespace Wisp.Cli;

/// <summary>
/// The options of <c>wisp run</c> that bound the guest: fuel, a wall-clock timeout, memory and stack
/// limits, with Wasmtime's names and meaning. They decide how the engine compiles (fuel and interrupt
/// checks are only emitted when asked for; bounds checks only with <c>--explicit-bounds-checks</c> where
/// guard pages work) and how the store is set up.
/// </summary>
internal sealed class RunLimitOptions
{
    public Option<string?> Fuel { get; } = new("--fuel") { Description = "Trap after N units of fuel (one unit per Wasm instruction)", HelpName = "N" };

    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = "Interrupt the guest after DURATION of wall time (500ms, 1s, 2m, or seconds)",
        HelpName = "DURATION",
    };

    public Option<string?> MaxMemory { get; } = new("--max-memory") { Description = "Cap each linear memory at BYTES", HelpName = "BYTES" };

    public Option<string?> MaxWasmStack { get; } = new("--max-wasm-stack") { Description = "Cap the stack guest code may use at BYTES", HelpName = "BYTES" };

    /// <summary>Shared with <c>wisp compile</c>, whose output must be made the way <c>wisp run</c> will want it.</summary>
    public static Option<bool> CreateExplicitBoundsChecks() => new("--explicit-bounds-checks")
    {
        Description = "Check every memory access with a compare instead of relying on guard pages (the default on Linux x86-64)",
    };

    public Option<bool> ExplicitBoundsChecks { get; } = CreateExplicitBoundsChecks();

    public IEnumerable<Option> All => [Fuel, Timeout, MaxMemory, MaxWasmStack, ExplicitBoundsChecks];

    /// <summary>The limits given; a malformed value raises <see cref="ArgumentException"/> naming the flag.</summary>
    public RunLimits Parse(ParseResult parseResult)
    {
        var fuel = parseResult.GetValue(Fuel) is { } f
            ? ulong.TryParse(f, out var units) ? units : throw new ArgumentException($"--fuel {f}: expected a whole number of units")
            : (ulong?)null;
        var timeout = parseResult.GetValue(Timeout) is { } t
            ? Wisp.Serving.Manifest.Duration.TryParse(t, out var duration) ? duration : throw new ArgumentException($"--timeout {t}: expected a duration such as 500ms, 1s, 2m or 1.5")
            : (TimeSpan?)null;
        var maxMemory = parseResult.GetValue(MaxMemory) is { } m
            ? ulong.TryParse(m, out var bytes) ? bytes : throw new ArgumentException($"--max-memory {m}: expected a number of bytes")
            : (ulong?)null;
        var maxStack = parseResult.GetValue(MaxWasmStack) is { } s
            ? int.TryParse(s, out var stack) && stack > 0 && stack <= int.MaxValue - RunLimits.HostStackHeadroom
                ? stack
                : throw new ArgumentException($"--max-wasm-stack {s}: expected a positive number of bytes below 2 GiB")
            : (int?)null;
        return new RunLimits(fuel, timeout, maxMemory, maxStack) { ExplicitBoundsChecks = parseResult.GetValue(ExplicitBoundsChecks) };
    }
}
