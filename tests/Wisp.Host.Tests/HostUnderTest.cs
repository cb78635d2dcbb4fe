using System.Net;
using Microsoft.Extensions.Logging;
using Wisp.Serving.Manifest;

namespace Wisp.Serving.Tests;

/// <summary>A <see cref="WispServer"/> on a free loopback port with an HttpClient pointed at it; logs are kept for assertions.</summary>
internal sealed class HostUnderTest : IAsyncDisposable
{
    private HostUnderTest(WispServer server, CapturedLogs logs)
    {
        Server = server;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri($"http://{server.Address}/"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = server.AdminAddress is { } admin ? new HttpClient { BaseAddress = new Uri($"http://{admin}/") } : null;
    }

    public WispServer Server { get; }

    public HttpClient Client { get; }

    public HttpClient? Admin { get; }

    public CapturedLogs Logs { get; }

    public static string Guest(string name) => Path.Combine(AppContext.BaseDirectory, "Guests", name);

    public static async Task<HostUnderTest> StartAsync(string source, Func<ServeOptions, ServeOptions>? configure = null)
    {
        var logs = new CapturedLogs();
        var options = new ServeOptions
        {
            Source = source,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            AdminListen = new IPEndPoint(IPAddress.Loopback, 0),
            LoggerProvider = logs,
            LogLevel = LogLevel.Information,
            DrainTimeout = TimeSpan.FromSeconds(10),
        };
        options = configure?.Invoke(options) ?? options;
        var server = WispServer.Create(options);
        await server.StartAsync();
        return new HostUnderTest(server, logs);
    }

    /// <summary>Starts a host for a manifest written to a fresh temporary directory.</summary>
    public static async Task<(HostUnderTest Host, TemporaryDirectory Directory)> StartManifestAsync(string fileName, string manifest, Func<ServeOptions, ServeOptions>? configure = null)
    {
        var directory = new TemporaryDirectory();
        var path = directory.Write(fileName, manifest);
        return (await StartAsync(path, configure), directory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin?.Dispose();
        await Server.StopAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A directory under the system temp folder, removed with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wisp-host-test-").FullName;

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps every log line in memory.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// The first line that matches, waiting for it: the host logs a request after its response is
    /// complete, so a client can have the whole body before the line is written. Null if none came.
    /// </summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (DateTime.UtcNow > deadline) return null;
            await Task.Delay(20);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
            {
                owner._lines.Add($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
