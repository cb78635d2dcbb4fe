namespace Wisp.Serving.Tests.Manifest;

public class PreopenedFilesTests
{
    [Fact]
    public async Task FilesAreReadOnlyUnlessMarkedWritable()
    {
        var files = HostUnderTest.Guest("files.wasm");
        using var data = new TemporaryDirectory();
        data.Write("hello.txt", "hello from a file\n");
        var (host, directory) = await HostUnderTest.StartManifestAsync("wisp.toml", $$"""
            [[route]]
            path = "/ro"
            component = "ro"
            [[route]]
            path = "/rw"
            component = "rw"
            [component.ro]
            module = "{{files}}"
            files = [{ source = "{{data.Path}}", destination = "/data" }]
            [component.rw]
            module = "{{files}}"
            files = [{ source = "{{data.Path}}", destination = "/data", writable = true }]
            """);
        await using var _ = host;
        using var __ = directory;
        Assert.Equal("hello from a file\nwrite=refused\n", await host.Client.GetStringAsync("/ro"));
        Assert.False(File.Exists(Path.Combine(data.Path, "new.txt")));
        Assert.Equal("hello from a file\nwrite=allowed\n", await host.Client.GetStringAsync("/rw"));
        Assert.True(File.Exists(Path.Combine(data.Path, "new.txt")));
    }
}
