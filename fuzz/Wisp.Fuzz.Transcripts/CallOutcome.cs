namespace Wisp.Fuzz.Transcripts;

/// <summary>How one call ended, already in transcript spelling.</summary>
public sealed record CallOutcome(string Text, bool OutOfFuel = false)
{
    public static CallOutcome Returned(IEnumerable<NeutralValue> results) => new($"=> {string.Join(' ', results)}".TrimEnd());

    public static CallOutcome Trapped(string trapKind) => new($"=> trap {trapKind}");

    /// <summary>An exception that is not a trap left the engine: always a bug on that engine's side.</summary>
    public static CallOutcome Crashed(Exception exception) => new($"=> crash {exception.GetType().Name}");

    public static CallOutcome FuelExhausted { get; } = new("=> out of fuel", OutOfFuel: true);
}
