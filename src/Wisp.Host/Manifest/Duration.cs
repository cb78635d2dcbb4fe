using System.Globalization;

namespace Wisp.Serving.Manifest;

/// <summary>Durations as manifests and flags take them: <c>500ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>, or plain seconds (<c>1.5</c>).</summary>
public static class Duration
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, scale) = (text.Trim(), 1000.0);
        // "ms" before "s" and "m": the first suffix that matches wins.
        foreach (var (suffix, milliseconds) in Units)
        {
            if (number.EndsWith(suffix, StringComparison.Ordinal))
            {
                (number, scale) = (number[..^suffix.Length], milliseconds);
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
