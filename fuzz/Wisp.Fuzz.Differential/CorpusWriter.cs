using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Differential;

/// <summary>
/// Saves a differing module as a reproducer: NAME.wasm and NAME.expected (Wasmtime's transcript,
/// which the Wisp-only regression test replays against).
/// </summary>
internal sealed class CorpusWriter(string directory)
{
    public string Save(string name, byte[] wasm, Transcript expected)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".wasm");
        File.WriteAllBytes(path, wasm);
        File.WriteAllText(Path.Combine(directory, name + ".expected"), expected.Text);
        return path;
    }
}
