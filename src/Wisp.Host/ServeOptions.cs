using System.Net;
using Microsoft.Extensions.Logging;
using Wisp.Serving.Manifest;

namespace Wisp.Serving;

/// <summary>How <c>wisp serve</c> runs: what to serve, where to listen, and the default limits.</summary>
public sealed record ServeOptions
{
    /// <summary>A wisp.toml, a spin.toml, or a .wasm/.wat module (which serves every path).</summary>
    public required string Source { get; init; }

    /// <summary>Where the application listens; port 0 picks a free one (see <see cref="WispServer.Address"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 3000);

    /// <summary>Where <c>/metrics</c> and <c>/healthz</c> are served; null: not at all.</summary>
    public IPEndPoint? AdminListen { get; init; }

    /// <summary>Guests running at once; further requests wait in the queue.</summary>
    public int MaxConcurrency { get; init; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>Requests that may wait for a slot; past it they get 503 at once.</summary>
    public int QueueLength { get; init; } = 1024;

    /// <summary>How long a queued request waits for a slot before it gets 503.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Limits for components whose manifest sets none (all of them, for a bare module).</summary>
    public ComponentLimits DefaultLimits { get; init; } = new();

    /// <summary>On shutdown, how long requests under way may take to finish.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reload when the manifest or a module changes.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>One log line per request (Information level).</summary>
    public bool RequestLog { get; init; } = true;

    /// <summary>Lowest level written to the console.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Where log lines go; null: the console.</summary>
    public ILoggerProvider? LoggerProvider { get; init; }
}
