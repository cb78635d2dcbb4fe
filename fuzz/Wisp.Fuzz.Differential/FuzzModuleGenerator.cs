using System.Diagnostics;

namespace Wisp.Fuzz.Differential;

/// <summary>
/// Makes valid, terminating modules with binaryen's <c>wasm-opt --translate-to-fuzz</c>, which reads
/// arbitrary bytes as a recipe for a module. The bytes come from (seed, index), so any case can be
/// regenerated alone. Features are the ones Wisp implements. With reference types on, binaryen 108
/// gives most of its modules a global of the pre-standard anyref type, which both engines reject, so
/// only one case in four turns them on (the rejected ones still check that Wisp rejects them too).
/// </summary>
internal sealed class FuzzModuleGenerator(string workDirectory)
{
    private static readonly string[] FeatureFlags =
    [
        "--mvp-features",
        "--enable-mutable-globals",
        "--enable-sign-ext",
        "--enable-nontrapping-float-to-int",
        "--enable-bulk-memory",
        "--enable-multivalue",
    ];

    private const string ReferenceTypes = "--enable-reference-types";

    // Optimised code has other shapes than binaryen's raw output (br_table, select, tees, merged
    // blocks, multi-value), so most cases run some passes over the generated module.
    private static readonly string[][] PassChoices =
    [
        [],
        ["-O1"],
        ["-O3"],
        ["-Oz"],
        ["--fuzz-passes"],
    ];

    public byte[] Generate(int seed, long index)
    {
        // HashCode.Combine is randomised per process, so mix by hand to keep cases reproducible.
        var random = new Random(unchecked((int)((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xC2B2AE3D27D4EB4FUL) >>> 1));
        var recipe = new byte[random.Next(256, 8192)];
        random.NextBytes(recipe);
        var recipePath = Path.Combine(workDirectory, "recipe.dat");
        var modulePath = Path.Combine(workDirectory, "module.wasm");
        File.WriteAllBytes(recipePath, recipe);
        File.Delete(modulePath);
        var passes = PassChoices[random.Next(PassChoices.Length)];
        string[] features = random.Next(4) == 0 ? [.. FeatureFlags, ReferenceTypes] : FeatureFlags;
        try
        {
            Run("wasm-opt", [recipePath, "-ttf", .. features, .. passes, "-o", modulePath]);
        }
        catch (InvalidOperationException) when (passes.Length > 0)
        {
            // Some of binaryen 108's passes give up on some generated modules ("Flatten was forced to
            // add a local of a type it cannot handle"); the unoptimised module is still a good case.
            Run("wasm-opt", [recipePath, "-ttf", .. features, "-o", modulePath]);
        }

        return File.ReadAllBytes(modulePath);
    }

    internal static void Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
