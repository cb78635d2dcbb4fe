using Wisp.Wast;

namespace Wisp.Tests.Wast;

/// <summary>The spec testsuite (core 2.0), one test per .wast file, each run through the WAST runner.</summary>
public class SpecSuiteTests
{
    private const string Suite = "core-2.0";
    private const string MissingSuite = "(spec suite missing)";
    private const int MaxReportedFailures = 100;

    public static TheoryData<string> Core20Files()
    {
        var files = SpecSuiteLocator.Files(Suite).Select(f => Path.GetFileName(f)).ToArray();
        // A row that fails loudly keeps the theory from silently running nothing when CI has no suite.
        return files.Length > 0 ? new TheoryData<string>(files) : new TheoryData<string>(MissingSuite);
    }

    [SpecSuiteTheory]
    [MemberData(nameof(Core20Files))]
    public void Core20(string file)
    {
        Assert.True(file != MissingSuite && SpecSuiteLocator.Root is not null, SpecSuiteLocator.MissingMessage);
        var runner = new WastRunner(new WastRunnerOptions { Timeout = TimeSpan.FromMinutes(2) });
        var result = runner.RunFile(Path.Combine(SpecSuiteLocator.Root, Suite, file));
        if (!result.Succeeded)
        {
            var lines = result.Failures.Take(MaxReportedFailures).Select(f => f.ToString()).ToList();
            if (result.Failed > MaxReportedFailures)
            {
                lines.Add($"... and {result.Failed - MaxReportedFailures} more");
            }

            lines.Add(result.Summary);
            Assert.Fail(string.Join(Environment.NewLine, lines));
        }

        Assert.True(result.Passed > 0, $"{file}: no commands ran");
    }
}
