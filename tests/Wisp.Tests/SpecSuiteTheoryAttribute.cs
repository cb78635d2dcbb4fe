namespace Wisp.Tests;

/// <summary>A theory over spec files: skipped with the reason when the suite is missing, except on CI where it fails.</summary>
public sealed class SpecSuiteTheoryAttribute : TheoryAttribute
{
    public SpecSuiteTheoryAttribute()
    {
        Skip = SpecSuiteLocator.SkipReason;
    }
}
