using Wisp.Loader.Binary;
using Wisp.Validation;

namespace Wisp.Tests.Loader.Binary;

/// <summary>
/// Robustness: mutated spec-suite modules must each be accepted, or rejected as malformed or invalid,
/// quickly. Any other exception (index out of range, overflow, out of memory, ...) or a hang is a bug.
/// </summary>
public class ModuleDecoderFuzzTests
{
    private const int Seed = 20_240_601;
    private const int Iterations = 100_000;
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CampaignLimit = TimeSpan.FromMinutes(5);

    [DecoderFuzzFact]
    public void MutatedSpecModulesAreAcceptedOrRejectedCleanly()
    {
        var seeds = SpecSeedModules.Load(out var unparsedScripts);
        Assert.True(seeds.Count > 1000, $"expected the spec suite's modules as seeds, found {seeds.Count}; unparsed: {string.Join("; ", unparsedScripts)}");

        var campaign = new DecoderFuzzCampaign(seeds, Seed, SlowInput, DecodeAndValidate);
        var finished = Task.Run(() => campaign.Run(Iterations)).Wait(CampaignLimit);

        Assert.True(finished, $"no result after {CampaignLimit}; last input: {campaign.Current}");
        Assert.True(campaign.Failures.Count == 0, string.Join("\n", campaign.Failures));
        Assert.Equal(Iterations, campaign.Completed);
    }

    private static void DecodeAndValidate(byte[] bytes) => ModuleValidator.Validate(ModuleDecoder.Decode(bytes));
}
