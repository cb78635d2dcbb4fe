using System.Diagnostics;
using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Differential;

/// <summary>Generates modules case by case, compares them on both engines, and saves every difference.</summary>
internal sealed class DifferentialCampaign(CampaignOptions options, TextWriter output)
{
    private static readonly TimeSpan ReductionBudget = TimeSpan.FromMinutes(3);

    public int Run()
    {
        var work = Directory.CreateTempSubdirectory("wisp-fuzz-");
        try
        {
            return Run(work.FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private int Run(string work)
    {
        var generator = new FuzzModuleGenerator(work);
        var corpus = new CorpusWriter(options.Corpus);
        using var engines = new ComparisonEngines(options.Fuel);
        long agreed = 0, rejected = 0, skipped = 0, differed = 0, nanBits = 0;
        var clock = Stopwatch.StartNew();
        for (var index = options.Start; index < options.Start + options.Count; index++)
        {
            var wasm = generator.Generate(options.Seed, index);
            var comparison = ModuleComparison.Of(wasm, engines, options.Timeout);
            switch (comparison.Verdict)
            {
                case ComparisonVerdict.Agreed:
                    agreed++;
                    rejected += comparison.Reference.Lines[0] == "module: rejected" ? 1 : 0;
                    break;
                case ComparisonVerdict.Skipped:
                    skipped++;
                    break;
                case ComparisonVerdict.NaNBitsOnly:
                    nanBits++;
                    output.WriteLine($"NaN bits only, case {index}: {comparison.Summary}");
                    break;
                default:
                    differed++;
                    Report(corpus, work, $"ttf-s{options.Seed}-{index}", wasm, comparison, engines.Reference);
                    break;
            }

            if (comparison.Wisp.Hung)
            {
                // The hung guest thread cannot be stopped and would slow every later case.
                output.WriteLine($"stopping after case {index}: Wisp hung, its thread is still running");
                break;
            }

            if ((index - options.Start + 1) % 250 == 0)
            {
                output.WriteLine($"... {index - options.Start + 1} modules, {differed} differed, {clock.Elapsed:mm\\:ss}");
            }
        }

        output.WriteLine($"seed {options.Seed}, cases {options.Start}..{options.Start + options.Count - 1}: compared {agreed + nanBits + differed}, agreed {agreed} ({rejected} of them rejected by both), NaN bits only {nanBits}, differed {differed}, skipped {skipped} (out of fuel or unsupported imports), {clock.Elapsed.TotalSeconds:0}s");
        return differed == 0 ? 0 : 1;
    }

    private void Report(CorpusWriter corpus, string work, string name, byte[] wasm, ModuleComparison comparison, WasmtimeGuestEngine reference)
    {
        var saved = wasm;
        var expected = comparison.Reference;
        if (options.Reduce && ModuleReducer.Reduce(wasm, work, ReductionBudget) is { } reduced)
        {
            saved = reduced;
            expected = TranscriptRecorder.Record(reference, reduced);
        }

        var path = corpus.Save(name, saved, expected);
        output.WriteLine($"DIFF {path} ({saved.Length} bytes): {comparison.Summary}");
    }
}
