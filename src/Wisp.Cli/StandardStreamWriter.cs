using System.Text;

namespace Wisp.Cli;

/// <summary>
/// The process's standard output or error as a UTF-8 text writer, opened on first write and
/// synchronised like <see cref="Console.Out"/>. Creating <see cref="Console.Out"/> costs milliseconds at
/// start-up (the console encoding lookup, stream and encoder set-up), and a run whose guest writes
/// through WASI, straight to the file descriptors, never writes a character through it.
/// </summary>
internal sealed class StandardStreamWriter(Func<Stream> open) : TextWriter
{
    private readonly Lock _gate = new();
    private StreamWriter? _writer;

    public override Encoding Encoding => Writer.Encoding;

    private StreamWriter Writer
    {
        get
        {
            lock (_gate)
            {
                return _writer ??= new StreamWriter(open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
            }
        }
    }

    public override void Write(char value)
    {
        var writer = Writer;
        lock (_gate)
        {
            writer.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        var writer = Writer;
        lock (_gate)
        {
            writer.Write(buffer, index, count);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var writer = Writer;
        lock (_gate)
        {
            writer.Write(buffer);
        }
    }

    public override void Write(string? value)
    {
        var writer = Writer;
        lock (_gate)
        {
            writer.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        var writer = Writer;
        lock (_gate)
        {
            writer.WriteLine(value);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            _writer?.Flush();
        }
    }
}
