using System.Globalization;

namespace Wisp.Fuzz.Differential;

/// <summary>Command-line options; see <see cref="Usage"/>.</summary>
internal sealed record CampaignOptions
{
    public const string Usage = """
        usage: Wisp.Fuzz.Differential [options]
          --seed N             campaign seed (default 1)
          --start N            first case index (default 0)
          --count N            number of modules (default 1000)
          --corpus DIR         where reproducers go (default fuzz/corpus)
          --reduce             shrink each reproducer with wasm-reduce (slow)
          --fuel N             Wasmtime fuel per call (default 20000000)
          --timeout S          Wisp's wall-clock limit per module in seconds (default 20)
          --signature FILE     print FILE's difference signature and exit (wasm-reduce's test command)
          --compare FILE       compare one module, print the verdict and both transcripts
          --expect FILE        print Wasmtime's transcript of FILE (a reproducer's NAME.expected)
        Exit status: 0 when every module agreed or was skipped, 1 when any differed.
        """;

    public int Seed { get; init; } = 1;

    public long Start { get; init; }

    public long Count { get; init; } = 1000;

    public string Corpus { get; init; } = Path.Combine("fuzz", "corpus");

    public bool Reduce { get; init; }

    public ulong Fuel { get; init; } = 20_000_000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    public string? SignatureOf { get; init; }

    public string? CompareOne { get; init; }

    public string? ExpectationOf { get; init; }

    public static CampaignOptions Parse(string[] args)
    {
        var options = new CampaignOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--start" => options with { Start = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--count" => options with { Count = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--corpus" => options with { Corpus = Next() },
                "--reduce" => options with { Reduce = true },
                "--fuel" => options with { Fuel = ulong.Parse(Next(), CultureInfo.InvariantCulture) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--signature" => options with { SignatureOf = Next() },
                "--compare" => options with { CompareOne = Next() },
                "--expect" => options with { ExpectationOf = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
