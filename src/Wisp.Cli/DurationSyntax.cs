using System.Globalization;

namespace Wisp.Cli;

/// <summary>Durations as <c>--timeout</c> takes them: <c>500ms</c>, <c>1s</c>, <c>2m</c>, <c>1h</c>, or plain seconds (<c>1.5</c>).</summary>
internal static class DurationSyntax
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, scale) = (text, 1000.0);
        // "ms" before "s" and "m": the first suffix that matches wins.
        foreach (var (suffix, milliseconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                (number, scale) = (text[..^suffix.Length], milliseconds);
                break;
            }
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var total = value * scale;
        if (total <= 0 || total > int.MaxValue)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
