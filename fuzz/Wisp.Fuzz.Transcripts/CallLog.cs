namespace Wisp.Fuzz.Transcripts;

/// <summary>The calls guest code made to the "fuzzing-support" logging imports since the last drain, in order.</summary>
public sealed class CallLog
{
    private readonly List<string> _entries = [];

    public void Add(string importName, IEnumerable<NeutralValue> arguments) =>
        _entries.Add($"{importName} {string.Join(' ', arguments)}".TrimEnd());

    public IReadOnlyList<string> Drain()
    {
        var drained = _entries.ToArray();
        _entries.Clear();
        return drained;
    }
}
