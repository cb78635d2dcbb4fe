namespace Wisp.Wast;

/// <summary>How strictly and where a <see cref="WastRunner"/> runs scripts.</summary>
public sealed record WastRunnerOptions
{
    /// <summary>
    /// Whether assert_malformed, assert_invalid and assert_unlinkable also require the expected
    /// message to appear in our error's reason. The failure kind is always checked; trap messages are
    /// always checked.
    /// </summary>
    public bool CheckErrorMessages { get; init; } = true;

    /// <summary>
    /// Stack size of the thread each script runs on. Deep but legitimate recursion in the suite needs
    /// more than a test runner's thread may have; exhaustion is still detected as a trap.
    /// </summary>
    public int ThreadStackSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>How long one script may run before it is reported as timed out (null: no limit).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether compiled code relies on guard pages for memory bounds (<see cref="Engine.GuardPages"/>, on by default where supported); false checks every access explicitly.</summary>
    public bool GuardPages { get; init; } = true;

    /// <summary>Where <c>spectest.print*</c> writes. Discarded by default.</summary>
    public TextWriter PrintOutput { get; init; } = TextWriter.Null;
}
