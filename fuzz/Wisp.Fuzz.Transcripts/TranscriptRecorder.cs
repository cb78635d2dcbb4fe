using System.Security.Cryptography;

namespace Wisp.Fuzz.Transcripts;

/// <summary>
/// Drives one engine through the fixed protocol that both sides of a comparison follow: instantiate,
/// call every exported function once in declaration order (re-arming binaryen's hang limit before
/// each), then describe each exported memory.
/// </summary>
public static class TranscriptRecorder
{
    private const int PageSize = 65536;

    public static Transcript Record(IGuestEngine engine, byte[] wasm)
    {
        var transcript = new Transcript(engine.Name);
        var log = new CallLog();
        var (started, startLine) = engine.Start(wasm, log);
        transcript.Add(startLine);
        if (started is not { } session)
        {
            if (startLine.StartsWith("module: unsupported", StringComparison.Ordinal))
            {
                transcript.MarkUnsupportedImport();
            }

            return transcript;
        }

        using var owned = session;
        var hasHangLimit = session.Functions.Any(f => f.Name == FuzzingSupport.HangLimitInitializer);
        foreach (var function in session.Functions)
        {
            if (function.Name == FuzzingSupport.HangLimitInitializer)
            {
                continue;
            }

            if (hasHangLimit)
            {
                session.Call(FuzzingSupport.HangLimitInitializer, []);
            }

            var arguments = CallArguments.For(wasm, function);
            transcript.Add($"call {function.Name}({string.Join(", ", arguments)})");
            var outcome = session.Call(function.Name, arguments);
            foreach (var entry in log.Drain())
            {
                transcript.Add($"  {entry}");
            }

            transcript.Add($"  {outcome.Text}");
            if (outcome.OutOfFuel)
            {
                transcript.MarkOutOfFuel();
                return transcript;
            }
        }

        foreach (var name in session.Memories)
        {
            DescribeMemory(transcript, name, session.ReadMemory(name));
        }

        return transcript;
    }

    // One hash per non-zero 64 KiB page keeps transcripts short while still saying where memory differs.
    private static void DescribeMemory(Transcript transcript, string name, byte[] bytes)
    {
        transcript.Add($"memory {name} pages={bytes.Length / PageSize}");
        for (var page = 0; page * PageSize < bytes.Length; page++)
        {
            var span = bytes.AsSpan(page * PageSize, Math.Min(PageSize, bytes.Length - (page * PageSize)));
            if (span.ContainsAnyExcept((byte)0))
            {
                transcript.Add($"  page {page} {Convert.ToHexStringLower(SHA256.HashData(span))[..16]}");
            }
        }
    }
}
