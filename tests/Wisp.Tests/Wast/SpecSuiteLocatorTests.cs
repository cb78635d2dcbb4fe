namespace Wisp.Tests.Wast;

public class SpecSuiteLocatorTests
{
    [Fact]
    public void FindsTheNinetyCoreFilesWhenTheSuiteIsPresent()
    {
        if (SpecSuiteLocator.Root is null)
        {
            Assert.False(SpecSuiteLocator.Required, SpecSuiteLocator.MissingMessage);
            return;
        }

        var files = SpecSuiteLocator.Files("core-2.0");
        Assert.Equal(90, files.Count);
        Assert.Contains(files, f => Path.GetFileName(f) == "i32.wast");
        Assert.DoesNotContain(files, f => f.Contains($"{Path.DirectorySeparatorChar}simd{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }
}
