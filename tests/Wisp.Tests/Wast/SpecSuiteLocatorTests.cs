namespace Wisp.Tests.Wast;

public class SpecSuiteLocatorTests
{
    [SpecSuiteFact]
    public void FindsTheNinetyTopLevelCoreFiles()
    {
        var files = SpecSuiteLocator.Core20Scripts();

        Assert.Equal(90, files.Count);
        Assert.Contains(files, f => Path.GetFileName(f) == "i32.wast");
        Assert.DoesNotContain(files, f => f.Contains($"{Path.DirectorySeparatorChar}simd{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [SpecSuiteFact]
    public void FindsTheFiftyEightSimdFiles()
    {
        var files = SpecSuiteLocator.Simd20Scripts();

        Assert.Equal(58, files.Count);
        Assert.Contains(files, f => Path.GetFileName(f) == "simd_lane.wast");
    }
}
