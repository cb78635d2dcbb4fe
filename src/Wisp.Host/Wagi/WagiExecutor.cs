using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Wisp.Runtime;
using Wisp.Serving.Execution;
using Wisp.Serving.Operations;
using Wisp.Serving.Routing;
using Wisp.Wasi;

namespace Wisp.Serving.Wagi;

/// <summary>
/// Runs one request through a WAGI component: reads the body (up to <c>max_request_body</c>, else 413),
/// takes a concurrency slot (else 503), makes a fresh store and instance, runs <c>_start</c> on this
/// request's thread-pool thread (never a Kestrel I/O thread) and sends the CGI response. Every guest
/// failure ends here as a status code: trap, out of fuel, memory limit, bad output → 500; deadline → 504.
/// </summary>
internal sealed class WagiExecutor(ConcurrencyGate gate, ServeMetrics metrics, ILogger logger, int maxConcurrency)
{
    private static readonly byte[] GuestFailedBody = "500 Internal Server Error: the WebAssembly guest failed\n"u8.ToArray();
    private static readonly byte[] TimeoutBody = "504 Gateway Timeout: the WebAssembly guest ran out of time\n"u8.ToArray();
    private static readonly byte[] TooLargeBody = "413 Content Too Large: the request body is over this route's limit\n"u8.ToArray();
    private static readonly byte[] BusyBody = "503 Service Unavailable: too many requests, try again shortly\n"u8.ToArray();

    // When a component has no timeout, a client that stops reading still cannot hold a guest longer than this.
    private static readonly TimeSpan WriteTimeoutWithoutDeadline = TimeSpan.FromSeconds(30);

    public async Task ExecuteAsync(HttpContext context, ComponentRuntime component, RoutePattern route, RouteMatchParts match, long startTimestamp)
    {
        var limits = component.Definition.Limits;
        var request = context.Request;
        if (request.ContentLength > limits.MaxRequestBody)
        {
            await RespondAsync(context, 413, TooLargeBody, route, startTimestamp, 0, 0);
            return;
        }

        byte[]? body = null;
        var bodyLength = 0;
        try
        {
            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true)
            {
                (body, bodyLength) = await ReadBodyAsync(request.Body, limits.MaxRequestBody, context.RequestAborted);
                if (body is null)
                {
                    await RespondAsync(context, 413, TooLargeBody, route, startTimestamp, 0, 0);
                    return;
                }
            }

            if (!await gate.EnterAsync(context.RequestAborted))
            {
                metrics.Rejected.Inc();
                RequestLog.Rejected(logger, request.Method, request.Path.Value ?? "/", maxConcurrency);
                context.Response.Headers.RetryAfter = "1";
                await RespondAsync(context, 503, BusyBody, route, startTimestamp, 0, 0);
                return;
            }

            try
            {
                await RunGuestAsync(context, component, route, match, body, bodyLength, startTimestamp);
            }
            finally
            {
                gate.Exit();
            }
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    private async Task RunGuestAsync(HttpContext context, ComponentRuntime component, RoutePattern route, RouteMatchParts match, byte[]? body, int bodyLength, long startTimestamp)
    {
        var limits = component.Definition.Limits;
        var request = context.Request;
        var deadline = Stopwatch.GetTimestamp() + (long)((limits.Timeout ?? WriteTimeoutWithoutDeadline).TotalSeconds * Stopwatch.Frequency);
        using var output = new CgiOutputStream(context.Response, limits.MaxOutput, deadline);
        var errors = new GuestErrorStream();
        string? failure = null;
        var status = 0;
        long instantiateTicks = 0, runTicks = 0;

        metrics.InstancesLive.Inc();
        try
        {
            var wasi = new WasiConfiguration()
                .WithStandardInput(body is null ? Stream.Null : new MemoryStream(body, 0, bodyLength, writable: false))
                .WithStandardOutput(output)
                .WithStandardError(errors);
            WagiRequest.Configure(wasi, context, component.Definition, route, match, bodyLength);
            foreach (var directory in component.Definition.Directories)
            {
                wasi.WithPreopenedDirectory(directory.HostPath, directory.GuestPath, readOnly: !directory.Writable);
            }

            var instantiateStart = Stopwatch.GetTimestamp();
            using var store = new Store(component.Engine) { Limits = new StoreLimits { MaxMemoryBytes = limits.MaxMemoryBytes } };
            if (limits.Fuel is { } fuel)
            {
                store.SetFuel(fuel);
            }

            if (limits.Timeout is { } timeout)
            {
                store.SetDeadline(timeout);
            }

            try
            {
                var (instance, wasiContext) = component.Launcher.Instantiate(store, wasi);
                var runStart = Stopwatch.GetTimestamp();
                instantiateTicks = runStart - instantiateStart;
                var exitCode = wasiContext.RunCommand(instance);
                runTicks = Stopwatch.GetTimestamp() - runStart;
                if (exitCode != 0)
                {
                    failure = $"guest exited with status {exitCode}";
                    status = 500;
                }
            }
            catch (TrapException trap)
            {
                runTicks = instantiateTicks == 0 ? 0 : Stopwatch.GetTimestamp() - instantiateStart - instantiateTicks;
                (status, failure) = ClassifyTrap(context, component, route, trap);
            }
            catch (LinkException link)
            {
                // the module's memory starts above max_memory, or an import WASI does not provide
                status = 500;
                failure = $"instantiation failed: {link.Message}";
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            status = 500;
            failure = $"could not set up the guest: {e.Message}";
        }
        finally
        {
            metrics.InstancesLive.Dec();
        }

        if (errors.Text is { } stderr)
        {
            RequestLog.GuestStandardError(logger, component.Definition.Id, stderr);
        }

        if (failure is null)
        {
            failure = await output.CompleteAsync();
            status = failure is null ? context.Response.StatusCode : 500;
        }

        if (failure is not null && status != 504)
        {
            RequestLog.GuestFailed(logger, request.Method, request.Path.Value ?? "/", route.Text, failure);
        }

        if (failure is not null)
        {
            if (output.Streaming || context.Response.HasStarted)
            {
                // Headers are out: the only honest signal left is an incomplete response.
                context.Abort();
            }
            else
            {
                context.Response.Headers.Clear();
                await RespondAsync(context, status, status == 504 ? TimeoutBody : GuestFailedBody, route, startTimestamp, instantiateTicks, runTicks);
                return;
            }
        }

        Finish(context, route, status, startTimestamp, instantiateTicks, runTicks);
    }

    private (int Status, string? Failure) ClassifyTrap(HttpContext context, ComponentRuntime component, RoutePattern route, TrapException trap)
    {
        var request = context.Request;
        if (trap.Code == TrapCode.Interrupted)
        {
            metrics.Timeouts.WithLabels(route.Text).Inc();
            RequestLog.Timeout(logger, request.Method, request.Path.Value ?? "/", route.Text, component.Definition.Limits.Timeout);
            return (504, "interrupted at the deadline");
        }

        if (trap.InnerException is GuestOutputException output)
        {
            return (500, output.Message);
        }

        metrics.Traps.WithLabels(route.Text, trap.Code.ToString()).Inc();
        RequestLog.Trap(logger, request.Method, request.Path.Value ?? "/", route.Text, trap.Message, string.Join("\n", trap.WasmBacktrace.Select(frame => "    at " + frame)));
        return (500, $"trap: {trap.Message}");
    }

    private async Task RespondAsync(HttpContext context, int status, byte[] body, RoutePattern route, long startTimestamp, long instantiateTicks, long runTicks)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
        Finish(context, route, status, startTimestamp, instantiateTicks, runTicks);
    }

    private void Finish(HttpContext context, RoutePattern route, int status, long startTimestamp, long instantiateTicks, long runTicks)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        metrics.Requests.WithLabels(route.Text, metrics.StatusLabel(status)).Inc();
        metrics.RequestDuration.WithLabels(route.Text).Observe(elapsed.TotalSeconds);
        if (instantiateTicks > 0)
        {
            metrics.InstantiationDuration.WithLabels(route.Text).Observe((double)instantiateTicks / Stopwatch.Frequency);
            metrics.GuestDuration.WithLabels(route.Text).Observe((double)runTicks / Stopwatch.Frequency);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            RequestLog.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", route.Text, status,
                instantiateTicks * 1_000_000 / Stopwatch.Frequency, runTicks * 1_000_000 / Stopwatch.Frequency, (long)elapsed.TotalMicroseconds);
        }
    }

    /// <summary>The whole body in a pooled buffer; a null buffer when it is over <paramref name="limit"/>.</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(Stream body, long limit, CancellationToken cancellation)
    {
        // Room for one byte past the limit is how an over-limit body shows itself.
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, cap));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= cap)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                buffer.AsSpan(0, length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = grown;
            }

            var read = await body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellation);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, 0);
            }
        }
    }
}
