namespace Wisp.Fuzz.Loader;

/// <summary>Runs saved inputs (seeds, crashes found by the fuzzer) through a target once, without instrumentation.</summary>
internal static class InputReplay
{
    public static int Run(Action<ReadOnlySpan<byte>> target, IEnumerable<string> paths, TextWriter output)
    {
        var files = paths.SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path]);
        int inputs = 0, failures = 0;
        foreach (var file in files)
        {
            inputs++;
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                output.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{inputs} inputs, {failures} failures");
        return failures == 0 ? 0 : 1;
    }
}
