namespace Wisp.Wast;

/// <summary>The outcome of one script: commands passed and failed, and a line per failure.</summary>
public sealed record WastFileResult(string FileName, int Passed, IReadOnlyList<WastFailure> Failures)
{
    public int Failed => Failures.Count;

    public bool Succeeded => Failures.Count == 0;

    /// <summary>The per-file summary line.</summary>
    public string Summary => $"{FileName}: {Passed} passed, {Failed} failed";
}
