using System.Text;

namespace Wisp.Serving.Wagi;

/// <summary>
/// Parses the CGI response header block a WAGI guest writes before its body (RFC 3875 section 6):
/// <c>Name: value</c> lines ending in LF or CRLF, up to an empty line. <c>Status</c> sets the status
/// (<c>404 Not Found</c>: the reason is dropped), <c>Location</c> without <c>Status</c> means 302, and
/// <c>Content-Length</c>, <c>Transfer-Encoding</c> and <c>Connection</c> are dropped because the host
/// frames the body itself. A block with none of Content-Type, Location and Status is refused, as Spin does.
/// </summary>
internal static class CgiHeaderParser
{
    /// <summary>Where the body starts: just past the first empty line, or -1 if the block is not complete yet.</summary>
    public static int FindBodyStart(ReadOnlySpan<byte> output)
    {
        var from = 0;
        while (true)
        {
            var newline = output[from..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return -1;
            }

            var lineEnd = from + newline;
            // an empty line is "\n" or "\r\n" right after the previous line's end (or at the very start)
            var lineStart = from;
            if (lineEnd == lineStart || (lineEnd == lineStart + 1 && output[lineStart] == '\r'))
            {
                return lineEnd + 1;
            }

            from = lineEnd + 1;
        }
    }

    /// <summary>Parses the header block (everything before the body); null and a reason when it is not valid.</summary>
    public static CgiHeaders? Parse(ReadOnlySpan<byte> block, out string? error)
    {
        error = null;
        var status = 0;
        var sufficient = false;
        var location = false;
        var headers = new List<KeyValuePair<string, string>>(4);
        while (!block.IsEmpty)
        {
            var newline = block.IndexOf((byte)'\n');
            var line = newline < 0 ? block : block[..newline];
            block = newline < 0 ? default : block[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                error = $"malformed CGI header line '{Encoding.Latin1.GetString(line)}'";
                return null;
            }

            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            if (!IsFieldValue(value))
            {
                error = $"CGI header '{Encoding.Latin1.GetString(line[..colon])}' has a control character in its value";
                return null;
            }

            var name = Encoding.ASCII.GetString(line[..colon]);
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length < 3 || !int.TryParse(value[..3], out status) || status < 100 || (value.Length > 3 && value[3] != ' '))
                {
                    error = $"invalid CGI Status '{Encoding.Latin1.GetString(value)}'";
                    return null;
                }

                sufficient = true;
                continue;
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("Location", StringComparison.OrdinalIgnoreCase))
            {
                location = true;
                sufficient = true;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                sufficient = true;
            }

            headers.Add(new(name, Encoding.Latin1.GetString(value)));
        }

        if (!sufficient)
        {
            error = "the CGI header block has none of Content-Type, Location and Status";
            return null;
        }

        return new CgiHeaders(status != 0 ? status : location ? 302 : 200, headers);
    }

    // RFC 9110 token characters
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var c in name)
        {
            if (c <= 32 || c >= 127 || "\"(),/:;<=>?@[\\]{}"u8.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var c in value)
        {
            if ((c < 32 && c != '\t') || c == 127)
            {
                return false;
            }
        }

        return true;
    }
}
