namespace Wisp.Wasi;

/// <summary>clock_res_get and clock_time_get.</summary>
internal readonly partial struct WasiPreview1
{
    private Errno ClockResGet(uint clock, uint resultPointer)
    {
        Memory.WriteUInt64(resultPointer, context.Clock.Resolution(ToClockId(clock)));
        return Errno.Success;
    }

    private Errno ClockTimeGet(uint clock, ulong precision, uint resultPointer)
    {
        _ = precision; // a hint the host may ignore (witx)
        Memory.WriteUInt64(resultPointer, context.Clock.Now(ToClockId(clock)));
        return Errno.Success;
    }

    private static ClockId ToClockId(uint clock) =>
        clock <= (uint)ClockId.ThreadCpuTime ? (ClockId)clock : throw new WasiErrorException(Errno.Invalid);
}
