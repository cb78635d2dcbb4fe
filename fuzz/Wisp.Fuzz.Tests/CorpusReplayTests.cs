using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Tests;

/// <summary>
/// Replays every reproducer on Wisp alone and compares with the transcript Wasmtime produced when it
/// was saved, so no Wasmtime is needed here.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Fixed() => [.. FuzzCorpus.Names.Where(name => !FuzzCorpus.Open.Contains(name))];

    public static TheoryData<string> Open() => [.. FuzzCorpus.Names.Where(FuzzCorpus.Open.Contains)];

    [Theory]
    [MemberData(nameof(Fixed))]
    public void Wisp_matches_wasmtime(string name)
    {
        var (expected, actual) = Replay(name);

        var line = expected.FirstDifference(actual);

        Assert.True(line is null, $"{name}: line {line + 1}: wasmtime `{expected.LineOrEnd(line ?? 0)}`, wisp `{actual.LineOrEnd(line ?? 0)}`");
    }

    // Fails once the bug is fixed, as a reminder to take the reproducer off open.txt so that the
    // test above guards it from then on.
    [Theory]
    [MemberData(nameof(Open))]
    public void Open_difference_still_reproduces(string name)
    {
        var (expected, actual) = Replay(name);

        Assert.True(expected.FirstDifference(actual) is not null, $"{name} now matches Wasmtime: remove it from fuzz/corpus/open.txt");
    }

    [Fact]
    public void Every_open_entry_has_a_reproducer()
    {
        var names = FuzzCorpus.Names.ToHashSet(StringComparer.Ordinal);

        var missing = FuzzCorpus.Open.Where(name => !names.Contains(name)).ToArray();

        Assert.True(missing.Length == 0, $"open.txt names missing reproducers: {string.Join(", ", missing)}");
    }

    private static (Transcript Expected, Transcript Actual) Replay(string name)
    {
        var wasm = File.ReadAllBytes(Path.Combine(FuzzCorpus.Directory, name + ".wasm"));
        var expected = Transcript.Parse("wasmtime", File.ReadAllText(Path.Combine(FuzzCorpus.Directory, name + ".expected")));
        return (expected, WatchdogRecorder.Record(new WispGuestEngine(), wasm, Timeout));
    }
}
