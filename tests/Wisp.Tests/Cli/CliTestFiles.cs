namespace Wisp.Tests.Cli;

/// <summary>A temporary directory of input files for CLI tests, deleted on dispose.</summary>
public sealed class CliTestFiles : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-cli-");

    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);
}
