namespace Wisp.Tests;

/// <summary>
/// Finds the WebAssembly spec testsuite: <c>WISP_SPEC_DIR</c> if set, otherwise the first
/// <c>shared/spec</c> holding <c>core-2.0</c> found walking up from the test assembly (in CI the
/// suite sits beside the clone).
/// </summary>
public static class SpecSuiteLocator
{
    public const string EnvironmentVariable = "WISP_SPEC_DIR";

    /// <summary>The suite's root (the directory holding <c>core-2.0</c>), or null if it cannot be found.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>In CI a missing suite is an error, not a reason to skip.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"spec testsuite not found: set {EnvironmentVariable} to the directory holding core-2.0, or put it at ../shared/spec beside the repository";

    /// <summary>The top-level .wast files of <paramref name="suite"/> (e.g. "core-2.0"), sorted; none if the suite is missing.</summary>
    public static IReadOnlyList<string> Files(string suite) =>
        Root is null ? [] : [.. Directory.GetFiles(Path.Combine(Root, suite), "*.wast").Order(StringComparer.Ordinal)];

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return Directory.Exists(Path.Combine(configured, "core-2.0")) ? Path.GetFullPath(configured) : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "spec");
            if (Directory.Exists(Path.Combine(candidate, "core-2.0")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A theory over spec files: skipped when the suite is missing, unless CI requires it (then it fails).</summary>
public sealed class SpecSuiteTheoryAttribute : TheoryAttribute
{
    public SpecSuiteTheoryAttribute()
    {
        if (SpecSuiteLocator.Root is null && !SpecSuiteLocator.Required)
        {
            Skip = SpecSuiteLocator.MissingMessage;
        }
    }
}
