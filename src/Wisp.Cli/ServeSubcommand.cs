using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Wisp.Serving;
using Wisp.Serving.Manifest;

namespace Wisp.Cli;

/// <summary>
/// <c>wisp serve [MANIFEST | MODULE] [OPTIONS]</c>: serves a wisp.toml or spin.toml application, or a
/// bare WAGI module on every path, until SIGTERM or Ctrl+C (which drain requests under way).
/// </summary>
internal static class ServeSubcommand
{
    public static Command Create(TextWriter error)
    {
        var source = new Argument<string>("MANIFEST|MODULE")
        {
            Description = "A wisp.toml or spin.toml manifest, or a .wasm/.wat WAGI module to serve on every path",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, HOST:PORT (default 127.0.0.1:3000)", HelpName = "ADDR" };
        var adminListen = new Option<string?>("--admin-listen") { Description = "Address for /metrics and /healthz (default: none)", HelpName = "ADDR" };
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "Guests running at once (default 2 x cores, at least 4)", HelpName = "N" };
        var queue = new Option<int?>("--queue") { Description = "Requests that may wait for a slot before 503 (default 1024)", HelpName = "N" };
        var queueTimeout = new Option<string?>("--queue-timeout") { Description = "How long a request waits for a slot before 503 (default 2s)", HelpName = "DURATION" };
        var timeout = new Option<string?>("--timeout") { Description = "Default per-request guest deadline, or 'none' (default 30s); 504 past it", HelpName = "DURATION" };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Default cap on a guest's linear memory, or 'none' (default 128MiB)", HelpName = "BYTES" };
        var fuel = new Option<string?>("--fuel") { Description = "Default fuel per request (Wasm instructions; default: unmetered)", HelpName = "N" };
        var maxBody = new Option<string?>("--max-request-body") { Description = "Default largest request body; 413 past it (default 16MiB)", HelpName = "BYTES" };
        var maxOutput = new Option<string?>("--max-output") { Description = "Default largest guest output (default 64MiB)", HelpName = "BYTES" };
        var drain = new Option<string?>("--drain-timeout") { Description = "On shutdown, how long requests under way may finish (default 30s)", HelpName = "DURATION" };
        var noWatch = new Option<bool>("--no-watch") { Description = "Do not reload when the manifest or a module changes" };
        var noRequestLog = new Option<bool>("--no-request-log") { Description = "No log line per request" };
        var logLevel = new Option<string?>("--log-level") { Description = "trace, debug, information, warning, error (default information)", HelpName = "LEVEL" };
        var command = new Command("serve", "Serve WAGI components over HTTP, a fresh instance per request")
        {
            source, listen, adminListen, maxConcurrency, queue, queueTimeout, timeout, maxMemory, fuel, maxBody, maxOutput, drain, noWatch, noRequestLog, logLevel,
        };
        command.SetAction(parseResult =>
        {
            ServeOptions options;
            try
            {
                var defaults = new ComponentLimits();
                defaults = defaults with
                {
                    Timeout = Optional(parseResult.GetValue(timeout), "--timeout", defaults.Timeout, ParseDuration),
                    MaxMemoryBytes = Optional(parseResult.GetValue(maxMemory), "--max-memory", defaults.MaxMemoryBytes, ParseSize),
                    Fuel = Optional(parseResult.GetValue(fuel), "--fuel", defaults.Fuel, text => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var units) && units > 0 ? units : null),
                    MaxRequestBody = (long?)Optional(parseResult.GetValue(maxBody), "--max-request-body", (ulong)defaults.MaxRequestBody, ParseSize) ?? long.MaxValue,
                    MaxOutput = (long?)Optional(parseResult.GetValue(maxOutput), "--max-output", (ulong)defaults.MaxOutput, ParseSize) ?? long.MaxValue,
                };
                options = new ServeOptions
                {
                    Source = parseResult.GetValue(source) ?? FindManifest(),
                    Listen = ParseAddress(parseResult.GetValue(listen) ?? "127.0.0.1:3000", "--listen"),
                    AdminListen = parseResult.GetValue(adminListen) is { } admin ? ParseAddress(admin, "--admin-listen") : null,
                    MaxConcurrency = parseResult.GetValue(maxConcurrency) is { } n ? n > 0 ? n : throw new ArgumentException("--max-concurrency must be at least 1") : Math.Max(4, Environment.ProcessorCount * 2),
                    QueueLength = parseResult.GetValue(queue) is { } q ? q >= 0 ? q : throw new ArgumentException("--queue must not be negative") : 1024,
                    QueueTimeout = Optional(parseResult.GetValue(queueTimeout), "--queue-timeout", TimeSpan.FromSeconds(2), ParseDuration) ?? TimeSpan.Zero,
                    DrainTimeout = Optional(parseResult.GetValue(drain), "--drain-timeout", TimeSpan.FromSeconds(30), ParseDuration) ?? TimeSpan.Zero,
                    DefaultLimits = defaults,
                    Watch = !parseResult.GetValue(noWatch),
                    RequestLog = !parseResult.GetValue(noRequestLog),
                    LogLevel = parseResult.GetValue(logLevel) is { } level
                        ? Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : throw new ArgumentException($"--log-level {level}: expected trace, debug, information, warning or error")
                        : LogLevel.Information,
                };
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"Error: {e.Message}");
                return ExitCodes.Usage;
            }

            return Serve(options, error);
        });
        return command;
    }

    private static int Serve(ServeOptions options, TextWriter error)
    {
        WispServer server;
        try
        {
            server = WispServer.Create(options);
        }
        catch (ManifestException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Failure;
        }

        try
        {
            server.RunAsync().GetAwaiter().GetResult();
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            // e.g. the address is in use
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static string FindManifest()
    {
        foreach (var name in new[] { "wisp.toml", "spin.toml" })
        {
            if (File.Exists(name))
            {
                return name;
            }
        }

        throw new ArgumentException("no MANIFEST or MODULE given, and no wisp.toml or spin.toml here");
    }

    /// <summary>An optional flag: absent gives <paramref name="fallback"/>, "none" gives null (no limit).</summary>
    private static T? Optional<T>(string? text, string flag, T? fallback, Func<string, T?> parse)
        where T : struct
    {
        if (text is null)
        {
            return fallback;
        }

        if (text == "none")
        {
            return null;
        }

        return parse(text) ?? throw new ArgumentException($"{flag} {text}: not a valid value");
    }

    private static TimeSpan? ParseDuration(string text) => Duration.TryParse(text, out var duration) ? duration : null;

    private static ulong? ParseSize(string text) => ByteSize.TryParse(text, out var bytes) ? bytes : null;

    /// <summary>HOST:PORT with a literal IP (IPv6 in brackets) or localhost; a bare PORT means 127.0.0.1.</summary>
    internal static IPEndPoint ParseAddress(string text, string flag)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare) && bare <= 65535)
        {
            return new IPEndPoint(IPAddress.Loopback, bare);
        }

        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) &&
            int.TryParse(text["localhost:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':'))
        {
            return endpoint;
        }

        throw new ArgumentException($"{flag} {text}: expected HOST:PORT with an IP address (127.0.0.1:3000, [::1]:3000, 0.0.0.0:8080) or localhost:PORT");
    }
}
