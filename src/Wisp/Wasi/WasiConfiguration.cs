using System.Collections;
using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>
/// What a WASI guest is given: arguments, environment, preopened directories and sockets, stdio, and
/// the sources of time and randomness. Nothing is inherited from the host unless asked for:
/// the environment starts empty and no directory is reachable. stdio defaults to the process's own.
/// </summary>
public sealed class WasiConfiguration
{
    private readonly List<string> _arguments = [];
    private readonly List<KeyValuePair<string, string>> _environment = [];
    private readonly List<PreopenDirectory> _preopens = [];
    private readonly List<Socket> _listeners = [];

    public IReadOnlyList<string> Arguments => _arguments;

    public IReadOnlyList<KeyValuePair<string, string>> Environment => _environment;

    public IReadOnlyList<PreopenDirectory> PreopenDirectories => _preopens;

    /// <summary>Listening sockets handed to the guest for <c>sock_accept</c>, numbered before the preopened directories.</summary>
    public IReadOnlyList<Socket> ListeningSockets => _listeners;

    /// <summary>The guest's stdin; null means the process's own.</summary>
    public Stream? StandardInput { get; private set; }

    /// <summary>The guest's stdout; null means the process's own.</summary>
    public Stream? StandardOutput { get; private set; }

    /// <summary>The guest's stderr; null means the process's own.</summary>
    public Stream? StandardError { get; private set; }

    public IWasiClock Clock { get; private set; } = SystemWasiClock.Instance;

    /// <summary>The source of <c>random_get</c>; null means the host's cryptographic generator.</summary>
    public Random? Random { get; private set; }

    /// <summary>Adds arguments (the first is conventionally the program name).</summary>
    public WasiConfiguration WithArguments(params IEnumerable<string> arguments)
    {
        foreach (var argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument);
            _arguments.Add(argument);
        }

        return this;
    }

    public WasiConfiguration WithEnvironmentVariable(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('='))
        {
            throw new ArgumentException("an environment variable's name cannot contain '='", nameof(name));
        }

        _environment.RemoveAll(pair => pair.Key == name);
        _environment.Add(new(name, value));
        return this;
    }

    /// <summary>Copies every variable of the host process's environment.</summary>
    public WasiConfiguration WithInheritedEnvironment()
    {
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && name.Length > 0 && !name.Contains('='))
            {
                WithEnvironmentVariable(name, value);
            }
        }

        return this;
    }

    /// <summary>Makes <paramref name="hostPath"/> reachable as <paramref name="guestPath"/>; it must exist and be a directory.</summary>
    public WasiConfiguration WithPreopenedDirectory(string hostPath, string guestPath, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        ArgumentException.ThrowIfNullOrEmpty(guestPath);
        if (!Directory.Exists(hostPath))
        {
            throw new DirectoryNotFoundException($"preopened directory {hostPath} does not exist");
        }

        _preopens.Add(new PreopenDirectory(Path.GetFullPath(hostPath), guestPath, readOnly));
        return this;
    }

    /// <summary>Hands the guest a bound, listening socket (not owned: the caller disposes it).</summary>
    public WasiConfiguration WithListeningSocket(Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listeners.Add(listener);
        return this;
    }

    /// <summary>The guest reads stdin from <paramref name="stream"/> (not owned: the caller disposes it).</summary>
    public WasiConfiguration WithStandardInput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        StandardInput = stream.CanRead ? stream : throw new ArgumentException("stdin must be readable", nameof(stream));
        return this;
    }

    /// <summary>The guest's stdout goes to <paramref name="stream"/> as it is written (not owned: the caller disposes it).</summary>
    public WasiConfiguration WithStandardOutput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        StandardOutput = stream.CanWrite ? stream : throw new ArgumentException("stdout must be writable", nameof(stream));
        return this;
    }

    /// <summary>The guest's stderr goes to <paramref name="stream"/> as it is written (not owned: the caller disposes it).</summary>
    public WasiConfiguration WithStandardError(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        StandardError = stream.CanWrite ? stream : throw new ArgumentException("stderr must be writable", nameof(stream));
        return this;
    }

    /// <summary>The guest's stdout is decoded as UTF-8 and written to <paramref name="writer"/>.</summary>
    public WasiConfiguration WithStandardOutput(TextWriter writer) => WithStandardOutput(new TextWriterStream(writer));

    /// <summary>The guest's stderr is decoded as UTF-8 and written to <paramref name="writer"/>.</summary>
    public WasiConfiguration WithStandardError(TextWriter writer) => WithStandardError(new TextWriterStream(writer));

    public WasiConfiguration WithClock(IWasiClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        return this;
    }

    /// <summary>Draws <c>random_get</c> bytes from <paramref name="random"/> (a seeded one makes runs repeatable).</summary>
    public WasiConfiguration WithRandom(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Random = random;
        return this;
    }
}
