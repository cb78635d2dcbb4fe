using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Wisp.Serving.Wagi;

/// <summary>
/// The guest's stdout. Output is gathered in one pooled buffer; a response that fits in
/// <see cref="BufferLimit"/> is sent whole with a Content-Length when the guest ends (the common case:
/// one write, one send). Past that the header block is parsed, the response starts, and the body is
/// streamed chunked as the guest writes it, each write waiting for the client (backpressure) up to the
/// request's deadline. More than <c>maxOutput</c> bytes, or a client that stops reading, stops the guest.
/// Writes run on the guest's thread, which is the request's own; nothing here is shared.
/// </summary>
internal sealed class CgiOutputStream : Stream
{
    /// <summary>Output up to this size is buffered and sent with a Content-Length.</summary>
    public const int BufferLimit = 64 * 1024;

    /// <summary>The header block must end within this many bytes.</summary>
    public const int MaxHeaderBlock = 64 * 1024;

    private readonly HttpResponse _response;
    private readonly long _maxOutput;
    private readonly long _deadlineTimestamp;
    private byte[]? _buffer;
    private int _length;
    private long _total;
    private int _unflushed;

    public CgiOutputStream(HttpResponse response, long maxOutput, long deadlineTimestamp)
    {
        _response = response;
        _maxOutput = maxOutput;
        _deadlineTimestamp = deadlineTimestamp;
    }

    /// <summary>Whether the response has started (headers sent): a later failure can only cut the connection.</summary>
    public bool Streaming { get; private set; }

    /// <summary>Bytes the guest wrote.</summary>
    public long Total => _total;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _total += data.Length;
        if (_total > _maxOutput)
        {
            throw new GuestOutputException($"the guest wrote more than {_maxOutput} bytes (max_output)");
        }

        if (Streaming)
        {
            WriteToClient(data);
            return;
        }

        Append(data);
        if (_length > BufferLimit)
        {
            StartStreaming();
        }
    }

    public override void Flush()
    {
    }

    /// <summary>
    /// After the guest ended: sends a buffered response whole, or finishes a streamed one.
    /// Returns an error message when the output is not a CGI response.
    /// </summary>
    public async ValueTask<string?> CompleteAsync()
    {
        if (Streaming)
        {
            await _response.BodyWriter.FlushAsync();
            return null;
        }

        var output = _buffer.AsMemory(0, _length);
        var bodyStart = CgiHeaderParser.FindBodyStart(output.Span);
        if (bodyStart < 0)
        {
            return _length == 0 ? "the guest wrote nothing to stdout" : "the guest's output has no end of the CGI header block (an empty line)";
        }

        var headers = CgiHeaderParser.Parse(output.Span[..bodyStart], out var error);
        if (headers is null)
        {
            return error;
        }

        ApplyHeaders(headers);
        var body = output[bodyStart..];
        _response.ContentLength = body.Length;
        if (!body.IsEmpty)
        {
            await _response.BodyWriter.WriteAsync(body);
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer is null || _buffer.Length - _length < data.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_length + data.Length, Math.Min(_length * 2, BufferLimit * 2)) is var size && size < 4096 ? 4096 : size);
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = grown;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    private void StartStreaming()
    {
        var output = _buffer.AsSpan(0, _length);
        var bodyStart = CgiHeaderParser.FindBodyStart(output);
        if (bodyStart < 0)
        {
            if (_length > MaxHeaderBlock)
            {
                throw new GuestOutputException($"the guest's CGI header block is longer than {MaxHeaderBlock} bytes");
            }

            return;
        }

        var headers = CgiHeaderParser.Parse(output[..bodyStart], out var error)
                      ?? throw new GuestOutputException(error!);
        ApplyHeaders(headers);
        Streaming = true;
        WriteToClient(output[bodyStart..]);
        ArrayPool<byte>.Shared.Return(_buffer!);
        _buffer = null;
        _length = 0;
    }

    private void ApplyHeaders(CgiHeaders headers)
    {
        _response.StatusCode = headers.Status;
        foreach (var (name, value) in headers.Headers)
        {
            _response.Headers.Append(name, value);
        }
    }

    private void WriteToClient(ReadOnlySpan<byte> data)
    {
        var writer = _response.BodyWriter;
        writer.Write(data);
        _unflushed += data.Length;
        if (_unflushed < BufferLimit)
        {
            return;
        }

        _unflushed = 0;
        // The guest is synchronous, so it waits here for the client: backpressure, bounded by the deadline.
        var flush = writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _deadlineTimestamp);
            var task = flush.AsTask();
            try
            {
                if (remaining <= TimeSpan.Zero || !task.Wait(remaining))
                {
                    throw new GuestOutputException("the client did not take the response before the deadline");
                }
            }
            catch (AggregateException)
            {
                throw new GuestOutputException("the client went away");
            }

            flush = new ValueTask<System.IO.Pipelines.FlushResult>(task.Result);
        }

        if (flush.Result.IsCanceled || flush.Result.IsCompleted)
        {
            throw new GuestOutputException("the client went away");
        }
    }
}
