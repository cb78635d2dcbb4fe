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

    /// <summary>The scripts about memory accesses, which also run with explicit bounds checks (guard pages are the default where supported).</summary>
    public static TheoryData<string> MemoryAccessFiles()
    {
        if (SpecSuiteLocator.SpecDirectory is null)
        {
            return new TheoryData<string>(MissingSuite);
        }

        var scripts = SpecSuiteLocator.Core20Scripts().Concat(SpecSuiteLocator.Simd20Scripts())
            .Select(f => Path.GetFileName(f))
            .Where(f => f is "address.wast" or "align.wast" or "float_memory.wast" or "endianness.wast" or "left-to-right.wast"
                || f.StartsWith("memory", StringComparison.Ordinal) || f.StartsWith("simd_load", StringComparison.Ordinal)
                || f.StartsWith("simd_store", StringComparison.Ordinal) || f == "simd_address.wast");
        return new TheoryData<string>(scripts);
    }

    // Each directory property throws with the "required but not found" message on CI when the suite is missing.
    [SpecSuiteTheory]
    [MemberData(nameof(Core20Files))]
    public void Core20(string file) => Run(Path.Combine(SpecSuiteLocator.Core20Directory, file));

    [SpecSuiteTheory]
    [MemberData(nameof(Simd20Files))]
    public void Simd20(string file) => Run(Path.Combine(SpecSuiteLocator.Simd20Directory, file));

    [SpecSuiteTheory]
    [MemberData(nameof(MemoryAccessFiles))]
    public void MemoryAccessWithExplicitChecks(string file)
    {
        var core = Path.Combine(SpecSuiteLocator.Core20Directory, file);
        Run(File.Exists(core) ? core : Path.Combine(SpecSuiteLocator.Simd20Directory, file), guardPages: false);
    }

    private static void Run(string path, bool guardPages = true)
    {
        var file = Path.GetFileName(path);
        var runner = new WastRunner(new WastRunnerOptions { Timeout = TimeSpan.FromSeconds(90), GuardPages = guardPages });

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
