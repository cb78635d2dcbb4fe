namespace Wisp.Fuzz.Transcripts;

/// <summary>The conventions of modules made by binaryen's <c>wasm-opt --translate-to-fuzz</c>.</summary>
public static class FuzzingSupport
{
    /// <summary>The import module of the logging functions.</summary>
    public const string ImportModule = "fuzzing-support";

    /// <summary>
    /// Resets the global that bounds loop iterations and recursion; binaryen's own harness calls it
    /// before every export, and so do we, so that every call terminates.
    /// </summary>
    public const string HangLimitInitializer = "hangLimitInitializer";

    /// <summary>Whether an import is one of the logging functions (log-i32, log-f64, ...), which take values and return nothing.</summary>
    public static bool IsLogImport(string module, string name) =>
        module == ImportModule && name.StartsWith("log-", StringComparison.Ordinal);
}
