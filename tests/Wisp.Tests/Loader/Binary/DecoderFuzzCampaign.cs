using System.Diagnostics;
using Wisp.Diagnostics;

namespace Wisp.Tests.Loader.Binary;

/// <summary>Runs the mutated inputs through a pipeline, recording every unexpected exception or slow input.</summary>
internal sealed class DecoderFuzzCampaign(IReadOnlyList<byte[]> seeds, int seed, TimeSpan slowInput, Action<byte[]> pipeline)
{
    private const int MaxReportedFailures = 10;

    private volatile string _current = "(none yet)";

    public List<string> Failures { get; } = [];

    public int Completed { get; private set; }

    /// <summary>The input being processed, for the report when the campaign never finishes.</summary>
    public string Current => _current;

    public void Run(int iterations)
    {
        var random = new Random(seed);
        var mutator = new BinaryMutator(random);
        var stopwatch = new Stopwatch();
        for (var i = 0; i < iterations; i++)
        {
            var seedIndex = random.Next(seeds.Count);
            var input = mutator.Mutate(seeds[seedIndex], out var mutation);
            _current = $"#{i} seed {seedIndex} [{mutation}] {Convert.ToHexString(input)}";
            stopwatch.Restart();
            try
            {
                pipeline(input);
            }
            catch (MalformedModuleException)
            {
            }
            catch (InvalidModuleException)
            {
            }
            catch (Exception e)
            {
                Report($"{e.GetType().Name}: {e.Message} for {_current}");
            }

            if (stopwatch.Elapsed > slowInput)
            {
                Report($"took {stopwatch.Elapsed} for {_current}");
            }

            Completed++;
        }
    }

    private void Report(string failure)
    {
        if (Failures.Count < MaxReportedFailures)
        {
            Failures.Add(failure);
        }
    }
}
