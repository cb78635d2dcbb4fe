using System.Diagnostics;

namespace Wisp.Fuzz.Differential;

/// <summary>
/// Shrinks a differing module with binaryen's <c>wasm-reduce</c>, which keeps any change that leaves
/// the output of a test command unchanged. The command is this program in <c>--signature</c> mode, so
/// the reduced module keeps differing in the same way (<see cref="ModuleComparison.Signature"/>).
/// </summary>
internal static class ModuleReducer
{
    public static byte[]? Reduce(byte[] wasm, string workDirectory, TimeSpan budget)
    {
        var original = Path.Combine(workDirectory, "reduce-original.wasm");
        var test = Path.Combine(workDirectory, "reduce-test.wasm");
        var working = Path.Combine(workDirectory, "reduce-working.wasm");
        File.WriteAllBytes(original, wasm);
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate this program");
        var start = new ProcessStartInfo("timeout")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            ((int)budget.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "wasm-reduce", original, "--command", $"{Command(self)} --signature {test}", "-t", test, "-w", working, "-b", BinaryenDirectory(),
            "--timeout", "10", "-ef", "--mvp-features --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int --enable-bulk-memory --enable-multivalue --enable-reference-types",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wasm-reduce");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;

        // A reduction stopped by the time budget still leaves its best module so far in the working file.
        return File.Exists(working) && new FileInfo(working).Length > 0 ? File.ReadAllBytes(working) : null;
    }

    // Under "dotnet run" or "dotnet X.dll" the process is dotnet itself and needs the assembly.
    private static string Command(string processPath) =>
        Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? $"{processPath} {typeof(ModuleReducer).Assembly.Location}" : processPath;

    // wasm-reduce runs wasm-opt from the directory given with -b, not from PATH.
    private static string BinaryenDirectory() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "wasm-opt")))
        ?? throw new InvalidOperationException("wasm-opt is not on PATH");
}
