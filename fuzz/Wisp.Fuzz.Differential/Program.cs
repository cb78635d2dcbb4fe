using Wisp.Fuzz.Differential;
using Wisp.Fuzz.Transcripts;

CampaignOptions options;
try
{
    options = CampaignOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CampaignOptions.Usage);
    return 2;
}

if (options.ExpectationOf is { } expectationOf)
{
    using var reference = new WasmtimeGuestEngine(options.Fuel);
    Console.Write(TranscriptRecorder.Record(reference, File.ReadAllBytes(expectationOf)).Text);
    return 0;
}

if ((options.SignatureOf ?? options.CompareOne) is { } single)
{
    using var engines = new ComparisonEngines(options.Fuel);
    var comparison = ModuleComparison.Of(File.ReadAllBytes(single), engines, options.Timeout);
    if (options.SignatureOf is not null)
    {
        Console.WriteLine(comparison.Signature);
        // A hung Wisp thread would otherwise outlive the verdict; the process is done anyway.
        Environment.Exit(0);
    }

    Console.WriteLine($"{comparison.Verdict}: {comparison.Summary}");
    Console.WriteLine("--- wasmtime");
    Console.Write(comparison.Reference.Text);
    Console.WriteLine("--- wisp");
    Console.Write(comparison.Wisp.Text);
    return comparison.Verdict == ComparisonVerdict.Differed ? 1 : 0;
}

return new DifferentialCampaign(options, Console.Out).Run();
