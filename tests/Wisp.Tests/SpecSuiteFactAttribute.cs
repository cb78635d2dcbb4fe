namespace Wisp.Tests;

/// <summary>A fact that needs the spec testsuite: skipped with the reason when it is missing, except on CI where the test fails.</summary>
public sealed class SpecSuiteFactAttribute : FactAttribute
{
    public SpecSuiteFactAttribute()
    {
        Skip = SpecSuiteLocator.SkipReason;
    }
}
