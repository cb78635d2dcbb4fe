using System.Globalization;

namespace Wisp.Serving.Manifest;

/// <summary>Sizes as manifests and flags take them: a number of bytes, or with a unit (<c>64KiB</c>, <c>16MiB</c>, <c>1GiB</c>, <c>10MB</c>).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, ulong Scale)[] Units =
        [("KiB", 1UL << 10), ("MiB", 1UL << 20), ("GiB", 1UL << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)];

    public static bool TryParse(string text, out ulong bytes)
    {
        bytes = 0;
        var (number, scale) = (text.Trim(), 1UL);
        foreach (var (suffix, unitScale) in Units)
        {
            if (number.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                (number, scale) = (number[..^suffix.Length].TrimEnd(), unitScale);
                break;
            }
        }

        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > ulong.MaxValue / scale)
        {
            return false;
        }

        bytes = value * scale;
        return true;
    }
}
