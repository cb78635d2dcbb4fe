namespace Wisp.Wasi;

/// <summary>Time as the guest sees it. Replace the <see cref="SystemWasiClock"/> to make guests deterministic in tests.</summary>
public interface IWasiClock
{
    /// <summary>The time of <paramref name="clock"/> in nanoseconds (since 1970 for <see cref="ClockId.Realtime"/>).</summary>
    ulong Now(ClockId clock);

    /// <summary>The resolution of <paramref name="clock"/> in nanoseconds.</summary>
    ulong Resolution(ClockId clock);

    /// <summary>Blocks for <paramref name="nanoseconds"/> (<c>poll_oneoff</c> with only clock subscriptions due later).</summary>
    void Sleep(ulong nanoseconds);
}
