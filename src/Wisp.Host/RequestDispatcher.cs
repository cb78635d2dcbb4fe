using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Wisp.Serving.Operations;
using Wisp.Serving.Wagi;

namespace Wisp.Serving;

/// <summary>
/// The request delegate: routes by path in the application version current at the request's start,
/// then answers with the route's static response or runs its component. No match is a 404.
/// </summary>
internal sealed class RequestDispatcher(Func<ServedApplication> current, WagiExecutor executor, ServeMetrics metrics, ILogger logger)
{
    private static readonly byte[] NotFoundBody = "404 Not Found: no route matches this path\n"u8.ToArray();

    public Task HandleAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var application = current();
        var path = context.Request.Path.Value is { Length: > 0 } value ? value : "/";
        if (!application.Router.TryRoute(path, out var pattern, out var target, out var match))
        {
            metrics.Requests.WithLabels("", "404").Inc();
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength = NotFoundBody.Length;
            return context.Response.Body.WriteAsync(NotFoundBody).AsTask();
        }

        if (target.Component is { } component)
        {
            return executor.ExecuteAsync(context, component, pattern, match, start);
        }

        return SendStaticAsync(context, target.Route.StaticResponse!, pattern.Text);
    }

    private async Task SendStaticAsync(HttpContext context, Manifest.StaticResponse response, string route)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body);
        metrics.Requests.WithLabels(route, metrics.StatusLabel(response.Status)).Inc();
        if (logger.IsEnabled(LogLevel.Information))
        {
            RequestLog.Request(logger, context.Request.Method, context.Request.Path.Value ?? "/", route, response.Status, 0, 0, 0);
        }
    }
}
