using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wisp.Serving.Execution;
using Wisp.Serving.Manifest;
using Wisp.Serving.Operations;
using Wisp.Serving.Wagi;

namespace Wisp.Serving;

/// <summary>
/// <c>wisp serve</c> as a library: Kestrel (ASP.NET Core's slim builder, no MVC or routing middleware)
/// in front of <see cref="RequestDispatcher"/>, an optional admin listener for <c>/metrics</c> and
/// <c>/healthz</c>, hot reload by file watching, and a shutdown that drains requests under way.
/// </summary>
public sealed class WispServer : IAsyncDisposable
{
    /// <summary>The log category of the per-request lines.</summary>
    public const string RequestLogCategory = "Wisp.Host.Requests";

    private readonly ServeOptions _options;
    private readonly WebApplication _app;
    private readonly ListenOptions _appListen;
    private readonly ListenOptions? _adminListen;
    private readonly ConcurrencyGate _gate;
    private readonly ILogger _logger;
    private readonly ApplicationWatcher? _watcher;
    private readonly object _reloadLock = new();
    private volatile ServedApplication _current;

    private WispServer(ServeOptions options, ServedApplication application)
    {
        _options = options;
        _current = application;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }
        else
        {
            builder.Logging.AddProvider(new BatchingConsoleLoggerProvider());
        }

        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!options.RequestLog)
        {
            builder.Logging.AddFilter(RequestLogCategory, LogLevel.Warning);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout);
        ListenOptions? appListen = null, adminListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // each route's max_request_body decides
            kestrel.Listen(options.Listen, listen => appListen = listen);
            if (options.AdminListen is { } admin)
            {
                kestrel.Listen(admin, listen => adminListen = listen);
            }
        });
        _app = builder.Build();
        _appListen = appListen!;
        _adminListen = adminListen;
        _logger = _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wisp.Host");
        var requestLogger = _app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLogCategory);
        ReserveThreadPoolThreads(options.MaxConcurrency);
        _gate = new ConcurrencyGate(options.MaxConcurrency, options.QueueLength, options.QueueTimeout);
        var executor = new WagiExecutor(_gate, Metrics, requestLogger, options.MaxConcurrency);
        var dispatcher = new RequestDispatcher(() => _current, executor, Metrics, requestLogger);
        _app.Run(adminListen is null ? dispatcher.HandleAsync : context => IsAdmin(context) ? HandleAdminAsync(context) : dispatcher.HandleAsync(context));
        if (options.Watch)
        {
            _watcher = new ApplicationWatcher(file => Reload(file));
            _watcher.Watch(application.Manifest.WatchedFiles);
        }
    }

    public ServeMetrics Metrics { get; } = new();

    /// <summary>The application version new requests get.</summary>
    public ServedApplication Application => _current;

    /// <summary>Where the application listens (the real port once started, when 0 was asked for).</summary>
    public IPEndPoint Address => _appListen.IPEndPoint!;

    /// <summary>Where the admin endpoints listen, if anywhere.</summary>
    public IPEndPoint? AdminAddress => _adminListen?.IPEndPoint;

    /// <summary>Stops when the application is told to (SIGTERM, Ctrl+C, <see cref="StopAsync"/>).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Loads and compiles the application; throws <see cref="ManifestException"/> when it cannot be served.</summary>
    public static WispServer Create(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WispServer(options, ServedApplication.Load(options.Source, options.DefaultLimits));
    }

    public async Task StartAsync(CancellationToken cancellation = default)
    {
        await _app.StartAsync(cancellation);
        RequestLog.Serving(_logger, _current.Manifest.Name, _current.Describe());
        _logger.LogInformation("listening on http://{Address}/{Admin}", Address, AdminAddress is { } admin ? $", admin on http://{admin}/ (/metrics, /healthz)" : "");
    }

    /// <summary>Runs until stopped: SIGTERM or Ctrl+C drain requests under way, then return.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await _app.WaitForShutdownAsync();
    }

    /// <summary>Stops accepting, waits for requests under way (up to the drain timeout), then stops.</summary>
    public Task StopAsync(CancellationToken cancellation = default) => _app.StopAsync(cancellation);

    /// <summary>
    /// Loads the application again. On success new requests use the new version while requests under
    /// way finish on the old; on failure the old version stays and the error is logged. True on success.
    /// </summary>
    public bool Reload(string changedFile)
    {
        lock (_reloadLock)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var next = ServedApplication.Load(_options.Source, _options.DefaultLimits);
                _current = next;
                _watcher?.Watch(next.Manifest.WatchedFiles);
                Metrics.Reloads.WithLabels("ok").Inc();
                RequestLog.Reloaded(_logger, next.Manifest.Name, changedFile, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return true;
            }
            catch (Exception e) when (e is ManifestException or IOException or UnauthorizedAccessException)
            {
                Metrics.Reloads.WithLabels("failed").Inc();
                RequestLog.ReloadFailed(_logger, changedFile, e.Message);
                return false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        await _app.DisposeAsync();
        _gate.Dispose();
    }

    /// <summary>
    /// Guests run inline on thread-pool threads, and deadlines fire from timer callbacks, which also run
    /// on the pool. With every slot held by a looping guest and the pool at its default minimum (one
    /// thread per core), the timers that would interrupt them waited for the pool's slow thread injection:
    /// the server stalled for seconds. So the pool keeps enough threads for every slot plus one per core.
    /// </summary>
    private static void ReserveThreadPoolThreads(int maxConcurrency)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = maxConcurrency + Environment.ProcessorCount;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }
    }

    private bool IsAdmin(HttpContext context) => _adminListen?.IPEndPoint is { } admin && context.Connection.LocalPort == admin.Port;

    private async Task HandleAdminAsync(HttpContext context)
    {
        var response = context.Response;
        switch (context.Request.Path.Value)
        {
            case "/metrics":
                Metrics.Queued.Set(_gate.Queued);
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await Metrics.Registry.CollectAndExportAsTextAsync(response.Body, context.RequestAborted);
                break;
            case "/healthz":
                var stopping = _app.Lifetime.ApplicationStopping.IsCancellationRequested;
                response.StatusCode = stopping ? 503 : 200;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(stopping ? "stopping\n" : "ok\n");
                break;
            default:
                response.StatusCode = 404;
                break;
        }
    }
}
