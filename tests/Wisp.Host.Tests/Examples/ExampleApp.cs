namespace Wisp.Serving.Tests.Examples;

/// <summary>
/// One app of <c>examples/serve</c>, copied (symlinks kept as symlinks) to a temporary directory so that
/// tests never write into the repository, and served from there with its own manifest.
/// </summary>
internal sealed class ExampleApp : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private ExampleApp(string name)
    {
        Root = Path.Combine(_directory.Path, name);
        CopyDirectory(Path.Combine(ExamplesDirectory, name), Root);
    }

    /// <summary>The repository's <c>examples/serve</c>, found upwards from the test assembly.</summary>
    public static string ExamplesDirectory { get; } = FindExamples();

    /// <summary>Where the copy lives.</summary>
    public string Root { get; }

    public static ExampleApp Copy(string name) => new(name);

    /// <summary>Serves the copy with one of its manifests; no file watching (nothing changes under test).</summary>
    public Task<HostUnderTest> StartAsync(string manifest = "wisp.toml", Func<ServeOptions, ServeOptions>? configure = null) =>
        HostUnderTest.StartAsync(Path.Combine(Root, manifest), options => configure is null ? options with { Watch = false } : configure(options with { Watch = false }));

    public void Dispose() => _directory.Dispose();

    private static string FindExamples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "examples", "serve");
            if (File.Exists(Path.Combine(candidate, "build.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no examples/serve above {AppContext.BaseDirectory}");
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                if (directory.Name != "node_modules")
                {
                    CopyDirectory(directory.FullName, target);
                }
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
