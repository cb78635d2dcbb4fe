namespace Wisp.Fuzz.Tests;

/// <summary>
/// The reproducers in fuzz/corpus: NAME.wasm with NAME.expected (Wasmtime's transcript). Those listed
/// in open.txt are differences not fixed yet.
/// </summary>
internal static class FuzzCorpus
{
    public static string Directory { get; } = Locate();

    public static IReadOnlySet<string> Open { get; } = ReadOpen();

    public static IEnumerable<string> Names => System.IO.Directory.EnumerateFiles(Directory, "*.wasm")
        .Select(path => Path.GetFileNameWithoutExtension(path))
        .Order(StringComparer.Ordinal);

    // Tests run from bin/...; the corpus is found by walking up to the repository root.
    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "fuzz", "corpus");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no fuzz/corpus above {AppContext.BaseDirectory}");
    }

    // One name per line; '#' starts a comment (the one-line description of the difference).
    private static HashSet<string> ReadOpen()
    {
        var path = Path.Combine(Directory, "open.txt");
        return File.Exists(path)
            ? File.ReadLines(path).Select(line => line.Split('#')[0].Trim()).Where(name => name.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
