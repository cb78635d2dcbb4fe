using System.Diagnostics;

namespace Wisp.Wasi;

/// <summary>The host's clocks: wall time, a monotonic stopwatch, and the process's CPU time.</summary>
public sealed class SystemWasiClock : IWasiClock
{
    public static readonly SystemWasiClock Instance = new();

    private const ulong NanosecondsPerTick = 100;

    public ulong Now(ClockId clock) => clock switch
    {
        ClockId.Realtime => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * NanosecondsPerTick,
        ClockId.Monotonic => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)),
        _ => (ulong)Process.GetCurrentProcess().TotalProcessorTime.Ticks * NanosecondsPerTick,
    };

    public ulong Resolution(ClockId clock) => clock switch
    {
        ClockId.Monotonic => Math.Max(1, (ulong)(1_000_000_000 / Stopwatch.Frequency)),
        _ => NanosecondsPerTick,
    };

    public void Sleep(ulong nanoseconds) => Thread.Sleep(TimeSpan.FromTicks((long)Math.Min(nanoseconds / NanosecondsPerTick, (ulong)TimeSpan.MaxValue.Ticks)));
}
