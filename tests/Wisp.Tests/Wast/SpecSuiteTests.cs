using Wisp.Wast;

namespace Wisp.Tests.Wast;

/// <summary>The spec testsuite (core 2.0), one test per .wast file, each run through the WAST runner.</summary>
public class SpecSuiteTests
{
    private const string MissingSuite = "(spec suite missing)";
    private const int MaxReportedFailures = 100;

    public static TheoryData<string> Core20Files()
    {
        // A single row that fails loudly keeps the theory from silently running nothing on CI without the suite.
        return SpecSuiteLocator.SpecDirectory is null
            ? new TheoryData<string>(MissingSuite)
            : new TheoryData<string>(SpecSuiteLocator.Core20Scripts().Select(f => Path.GetFileName(f)));
    }

    [SpecSuiteTheory]
    [MemberData(nameof(Core20Files))]
    public void Core20(string file)
    {
        // Throws with the "required but not found" message on CI when the suite is missing.
        var path = Path.Combine(SpecSuiteLocator.Core20Directory, file);
        var runner = new WastRunner(new WastRunnerOptions { Timeout = TimeSpan.FromSeconds(90) });

        var result = runner.RunFile(path);

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
