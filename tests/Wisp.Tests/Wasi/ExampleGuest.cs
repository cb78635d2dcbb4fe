using System.Text;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

/// <summary>Runs one of the committed C example guests in <c>examples/wasi</c> through the embedding API.</summary>
public static class ExampleGuest
{
    private static readonly Engine SharedEngine = new();
    private static readonly Dictionary<string, Module> Modules = [];

    public static string Directory { get; } = FindExamples();

    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string name, Action<WasiConfiguration>? configure = null, string input = "")
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var configuration = new WasiConfiguration()
            .WithArguments(name)
            .WithStandardInput(new MemoryStream(Encoding.UTF8.GetBytes(input)))
            .WithStandardOutput(stdout)
            .WithStandardError(stderr);
        configure?.Invoke(configuration);
        using var store = new Store(SharedEngine);
        var linker = new Linker(SharedEngine);
        store.SetWasiConfiguration(configuration);
        linker.DefineWasi();
        var instance = linker.Instantiate(store, Load(name));
        var exit = store.WasiContext!.RunCommand(instance);
        return new Result(exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name + ".wasm");

    private static Module Load(string name)
    {
        lock (Modules)
        {
            if (!Modules.TryGetValue(name, out var module))
            {
                module = Module.FromFile(SharedEngine, PathOf(name));
                Modules[name] = module;
            }

            return module;
        }
    }

    private static string FindExamples()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "examples", "wasi");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/wasi not found above the test assembly");
    }
}
