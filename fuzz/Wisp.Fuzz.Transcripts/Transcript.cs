namespace Wisp.Fuzz.Transcripts;

/// <summary>
/// Everything observable about running one module: how instantiation went, each export call with its
/// arguments, logged values and result or trap, and the final memory. Two engines agree on a module
/// exactly when their transcripts are equal line for line.
/// </summary>
public sealed class Transcript
{
    private readonly List<string> _lines = [];

    public Transcript(string engine) => Engine = engine;

    public string Engine { get; }

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>A call ran out of fuel (Wasmtime only); the module says nothing about correctness and is skipped.</summary>
    public bool OutOfFuel { get; private set; }

    /// <summary>The module imports something other than the logging functions; skipped.</summary>
    public bool UsesUnsupportedImport { get; private set; }

    /// <summary>The run did not finish within the watchdog's time (Wisp only).</summary>
    public bool Hung { get; private set; }

    public string Text => string.Join('\n', _lines) + "\n";

    public void Add(string line) => _lines.Add(line);

    public void MarkOutOfFuel() => OutOfFuel = true;

    public void MarkUnsupportedImport() => UsesUnsupportedImport = true;

    public static Transcript HungAfter(string engine, TimeSpan timeout)
    {
        var transcript = new Transcript(engine) { Hung = true };
        transcript.Add($"hang: no result after {timeout.TotalSeconds:0.#}s");
        return transcript;
    }

    public static Transcript Parse(string engine, string text)
    {
        var transcript = new Transcript(engine);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > 0)
            {
                transcript.Add(line);
            }
        }

        return transcript;
    }

    /// <summary>The first line where the two differ (0-based), or null if they are equal.</summary>
    public int? FirstDifference(Transcript other)
    {
        var common = Math.Min(_lines.Count, other._lines.Count);
        for (var i = 0; i < common; i++)
        {
            if (_lines[i] != other._lines[i])
            {
                return i;
            }
        }

        return _lines.Count == other._lines.Count ? null : common;
    }

    public string LineOrEnd(int index) => index < _lines.Count ? _lines[index] : "(end of transcript)";
}
