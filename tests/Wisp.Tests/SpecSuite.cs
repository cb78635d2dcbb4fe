namespace Wisp.Tests;

/// <summary>
/// Finds the WebAssembly spec testsuite: env var <c>WISP_SPEC_DIR</c>, else the first <c>shared/spec</c>
/// folder holding <c>core-2.0</c> found by walking up from the test assembly's directory.
/// </summary>
public static class SpecSuiteLocator
{
    public const string EnvironmentVariable = "WISP_SPEC_DIR";

    private static readonly Lazy<string?> Located = new(Locate);

    /// <summary>The spec folder (the one containing <c>core-2.0</c>), or null if there is none.</summary>
    public static string? SpecDirectory => Located.Value;

    /// <summary>Where the suite must be found: on CI a missing suite is a failure, not a skip.</summary>
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why spec tests are skipped here, or null if they can run (or must, on CI).</summary>
    public static string? SkipReason => SpecDirectory is null && !IsRequired
        ? $"spec testsuite not found: set {EnvironmentVariable} or provide shared/spec/core-2.0 above the test directory"
        : null;

    /// <summary>The <c>core-2.0</c> folder; throws with a clear message when the suite is missing.</summary>
    public static string Core20Directory => Path.Combine(
        SpecDirectory ?? throw new InvalidOperationException(
            $"The spec testsuite is required (CI=true) but was not found: set {EnvironmentVariable} or provide shared/spec/core-2.0."),
        "core-2.0");

    /// <summary>The core 2.0 .wast files (the simd subfolder is <see cref="Simd20Scripts"/>), sorted for determinism.</summary>
    public static IReadOnlyList<string> Core20Scripts() =>
        Directory.GetFiles(Core20Directory, "*.wast", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The <c>core-2.0/simd</c> folder.</summary>
    public static string Simd20Directory => Path.Combine(Core20Directory, "simd");

    /// <summary>The fixed-width SIMD .wast files of core 2.0, sorted for determinism.</summary>
    public static IReadOnlyList<string> Simd20Scripts() =>
        Directory.GetFiles(Simd20Directory, "*.wast", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(Path.Combine(fromEnvironment, "core-2.0")) ? Path.GetFullPath(fromEnvironment) : null;
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
