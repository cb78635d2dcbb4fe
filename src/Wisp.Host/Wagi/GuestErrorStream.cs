using System.Text;

namespace Wisp.Serving.Wagi;

/// <summary>
/// The guest's stderr: kept (up to <see cref="Limit"/> bytes, the rest dropped) and handed to the log
/// once the request ends, so a chatty guest can neither flood the log nor grow the host's memory.
/// </summary>
internal sealed class GuestErrorStream : Stream
{
    public const int Limit = 8 * 1024;

    private MemoryStream? _kept;
    private bool _truncated;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>What the guest wrote, as text; null when nothing.</summary>
    public string? Text => _kept is null ? null : Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length).TrimEnd() + (_truncated ? " [...]" : "");

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        _kept ??= new MemoryStream();
        var room = Limit - (int)_kept.Length;
        if (data.Length > room)
        {
            _truncated = true;
            data = data[..Math.Max(room, 0)];
        }

        _kept.Write(data);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
