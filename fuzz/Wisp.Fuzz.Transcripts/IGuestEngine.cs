namespace Wisp.Fuzz.Transcripts;

/// <summary>An engine under comparison: compiles and instantiates a module, with the logging imports writing to <paramref name="log"/>.</summary>
public interface IGuestEngine
{
    string Name { get; }

    /// <summary>A session, or the transcript line saying why there is none (rejected module, trap while instantiating, unsupported import).</summary>
    (IGuestSession? Session, string StartLine) Start(byte[] wasm, CallLog log);
}
