namespace Wisp.Fuzz.Transcripts;

/// <summary>One instance of a module in one engine, driven by <see cref="TranscriptRecorder"/>.</summary>
public interface IGuestSession : IDisposable
{
    /// <summary>Function exports in declaration order.</summary>
    IReadOnlyList<ExportedFunction> Functions { get; }

    /// <summary>Names of memory exports in declaration order.</summary>
    IReadOnlyList<string> Memories { get; }

    CallOutcome Call(string name, IReadOnlyList<NeutralValue> arguments);

    byte[] ReadMemory(string name);
}
