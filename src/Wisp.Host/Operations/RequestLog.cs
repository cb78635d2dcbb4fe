using Microsoft.Extensions.Logging;

namespace Wisp.Serving.Operations;

/// <summary>The host's log lines (source-generated: no formatting cost when the level is off).</summary>
internal static partial class RequestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} route={Route} status={Status} instantiate_us={InstantiateMicroseconds} run_us={RunMicroseconds} total_us={TotalMicroseconds}")]
    public static partial void Request(ILogger logger, string method, string path, string route, int status, long instantiateMicroseconds, long runMicroseconds, long totalMicroseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method} {Path} route={Route}: guest trapped: {Trap}\n{Backtrace}")]
    public static partial void Trap(ILogger logger, string method, string path, string route, string trap, string backtrace);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Method} {Path} route={Route}: guest interrupted at its deadline of {Timeout}")]
    public static partial void Timeout(ILogger logger, string method, string path, string route, TimeSpan? timeout);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Method} {Path} route={Route}: {Problem}")]
    public static partial void GuestFailed(ILogger logger, string method, string path, string route, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Method} {Path}: refused (503): {Slots} guests running and the queue is full")]
    public static partial void Rejected(ILogger logger, string method, string path, int slots);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "component {Component} wrote to stderr: {Text}")]
    public static partial void GuestStandardError(ILogger logger, string component, string text);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "serving {App}: {Routes}")]
    public static partial void Serving(ILogger logger, string app, string routes);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "reloaded {App} after a change to {File} ({Milliseconds} ms)")]
    public static partial void Reloaded(ILogger logger, string app, string file, long milliseconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "reload after a change to {File} failed; still serving the previous version: {Problem}")]
    public static partial void ReloadFailed(ILogger logger, string file, string problem);
}
