namespace Wisp.Model;

/// <summary>Size limits of a memory (in 64 KiB pages) or a table (in elements) (spec 2.3.6).</summary>
public readonly record struct Limits(uint Minimum, uint? Maximum)
{
    /// <summary>Whether limits <paramref name="actual"/> match these as an import requirement (spec 4.5.3.5 "Limits").</summary>
    public bool IsSatisfiedBy(Limits actual) =>
        actual.Minimum >= Minimum &&
        (Maximum is not { } max || (actual.Maximum is { } actualMax && actualMax <= max));

    public override string ToString() => Maximum is { } max ? $"{Minimum} {max}" : $"{Minimum}";
}
