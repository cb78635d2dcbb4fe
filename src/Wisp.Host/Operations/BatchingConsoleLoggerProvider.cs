using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Wisp.Serving.Operations;

/// <summary>
/// Console logging for a server that logs a line per request: lines are formatted on the caller's
/// thread and written by one background task in batches (one write system call per batch rather than
/// per line, which the stock console logger makes). If the console cannot keep up, lines beyond the
/// queue's bound are dropped and counted, never blocking a request.
/// </summary>
public sealed class BatchingConsoleLoggerProvider : ILoggerProvider
{
    private const int QueueBound = 10_000;

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueBound)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Stream _output;
    private readonly Task _writer;
    private long _dropped;

    public BatchingConsoleLoggerProvider(Stream? output = null)
    {
        _output = output ?? Console.OpenStandardOutput();
        _writer = Task.Run(WriteAsync);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void Enqueue(string line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task WriteAsync()
    {
        var batch = new StringBuilder();
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Length < 64 * 1024 && reader.TryRead(out var line))
            {
                batch.Append(line).Append('\n');
            }

            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                batch.Append($"warn: Wisp.Host: {dropped} log lines dropped (the console could not keep up)\n");
            }

            var bytes = Encoding.UTF8.GetBytes(batch.ToString());
            batch.Clear();
            try
            {
                await _output.WriteAsync(bytes);
                await _output.FlushAsync();
            }
            catch (IOException)
            {
                // stdout closed: nothing more can be logged, and the server must not stop for it
            }
        }
    }

    private sealed class Logger(BatchingConsoleLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level}: {category}: {message}";
            owner.Enqueue(exception is null ? line : $"{line}\n{exception}");
        }
    }
}
