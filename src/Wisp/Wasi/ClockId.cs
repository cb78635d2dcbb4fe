namespace Wisp.Wasi;

/// <summary>witx <c>clockid</c>.</summary>
public enum ClockId
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCpuTime = 2,
    ThreadCpuTime = 3,
}
