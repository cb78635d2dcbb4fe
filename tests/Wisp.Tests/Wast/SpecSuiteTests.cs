using Wisp.Wast;

namespace Wisp.Tests.Wast;

/// <summary>The spec testsuite (core 2.0 and its simd folder), one test per .wast file, each run through the WAST runner.</summary>
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

    public static TheoryData<string> Simd20Files()
    {
        return SpecSuiteLocator.SpecDirectory is null
            ? new TheoryData<string>(MissingSuite)
            : new TheoryData<string>(SpecSuiteLocator.Simd20Scripts().Select(f => Path.GetFileName(f)));
    }

    // Each directory property throws with the "required but not found" message on CI when the suite is missing.
    [SpecSuiteTheory]
    [MemberData(nameof(Core20Files))]
    public void Core20(string file) => Run(Path.Combine(SpecSuiteLocator.Core20Directory, file));

    [SpecSuiteTheory]
    [MemberData(nameof(Simd20Files))]
    public void Simd20(string file) => Run(Path.Combine(SpecSuiteLocator.Simd20Directory, file));

    private static void Run(string path)
    {
        var file = Path.GetFileName(path);
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
