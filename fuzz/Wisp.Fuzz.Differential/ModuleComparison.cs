using System.Text.RegularExpressions;
using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Differential;

/// <summary>One module run on both engines and the verdict.</summary>
internal sealed partial record ModuleComparison(ComparisonVerdict Verdict, Transcript Reference, Transcript Wisp)
{
    public static ModuleComparison Of(byte[] wasm, ComparisonEngines engines, TimeSpan wispTimeout)
    {
        var comparison = Of(wasm, engines.Reference, engines.Wisp, wispTimeout);
        if (comparison.Verdict == ComparisonVerdict.Differed && !comparison.Wisp.Hung
            && Of(wasm, engines.CanonicalReference, engines.CanonicalWisp, wispTimeout).Verdict == ComparisonVerdict.Agreed)
        {
            return comparison with { Verdict = ComparisonVerdict.NaNBitsOnly };
        }

        return comparison;
    }

    private static ModuleComparison Of(byte[] wasm, WasmtimeGuestEngine reference, WispGuestEngine wisp, TimeSpan wispTimeout)
    {
        // Wasmtime first: its fuel tells us whether the module terminates, so Wisp, which cannot be
        // stopped, only runs modules known to finish.
        var expected = TranscriptRecorder.Record(reference, wasm);
        if (expected.OutOfFuel || expected.UsesUnsupportedImport)
        {
            return new(ComparisonVerdict.Skipped, expected, new Transcript(wisp.Name));
        }

        var actual = WatchdogRecorder.Record(wisp, wasm, wispTimeout);
        var verdict = expected.FirstDifference(actual) is null ? ComparisonVerdict.Agreed : ComparisonVerdict.Differed;
        return new(verdict, expected, actual);
    }

    /// <summary>"wasmtime: LINE | wisp: LINE" at the first difference.</summary>
    public string Summary
    {
        get
        {
            var line = Reference.FirstDifference(Wisp) ?? 0;
            return $"wasmtime: {Reference.LineOrEnd(line).Trim()} | wisp: {Wisp.LineOrEnd(line).Trim()}";
        }
    }

    /// <summary>
    /// The kind of difference with the numbers taken out, which is what a reduction must keep:
    /// a smaller module usually computes other values but fails the same way.
    /// </summary>
    public string Signature => Verdict == ComparisonVerdict.Differed ? Numbers().Replace(Summary, "#") : Verdict.ToString();

    // Numbers that are values (after ":" or alone), not digits inside names such as f32 or func_12.
    [GeneratedRegex(@"(?<![A-Za-z_0-9])-?(0x[0-9a-f]+|[0-9]+)")]
    private static partial Regex Numbers();
}
