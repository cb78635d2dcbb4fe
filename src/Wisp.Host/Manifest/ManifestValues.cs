namespace Wisp.Serving.Manifest;

/// <summary>Reading values both manifest formats share: sizes, durations, directories, static responses.</summary>
internal static class ManifestValues
{
    /// <summary>A size: an integer of bytes or a string with a unit ("16MiB").</summary>
    public static ulong? GetSize(TomlSection section, string key) => section.Get(key) switch
    {
        null => null,
        long bytes when bytes >= 0 => (ulong)bytes,
        string text when ByteSize.TryParse(text, out var bytes) => bytes,
        _ => throw section.Error(key, "expected a size: bytes as an integer, or a string such as \"64KiB\", \"16MiB\", \"1GiB\""),
    };

    /// <summary>A duration: seconds as a number, or a string such as "500ms", "2s", "1m".</summary>
    public static TimeSpan? GetDuration(TomlSection section, string key) => section.Get(key) switch
    {
        null => null,
        long seconds when seconds > 0 && seconds <= int.MaxValue / 1000 => TimeSpan.FromSeconds(seconds),
        double seconds when seconds > 0 && seconds <= int.MaxValue / 1000 => TimeSpan.FromSeconds(seconds),
        string text when Duration.TryParse(text, out var duration) => duration,
        _ => throw section.Error(key, "expected a positive duration: seconds, or a string such as \"500ms\", \"2s\", \"1m\""),
    };

    /// <summary>Limits from a <c>limits</c> table over <paramref name="defaults"/>; "none" turns a limit off.</summary>
    public static ComponentLimits ReadLimits(TomlSection? limits, ComponentLimits defaults)
    {
        if (limits is null)
        {
            return defaults;
        }

        limits.RejectUnknownKeys("timeout", "max_memory", "fuel", "max_request_body", "max_output");
        return new ComponentLimits
        {
            Timeout = IsNone(limits, "timeout") ? null : GetDuration(limits, "timeout") ?? defaults.Timeout,
            MaxMemoryBytes = IsNone(limits, "max_memory") ? null : GetSize(limits, "max_memory") ?? defaults.MaxMemoryBytes,
            Fuel = IsNone(limits, "fuel") ? null : limits.GetInteger("fuel") switch
            {
                null => defaults.Fuel,
                > 0 and var fuel => (ulong)fuel,
                _ => throw limits.Error("fuel", "must be a positive number of instructions"),
            },
            MaxRequestBody = (long)Math.Min(GetSize(limits, "max_request_body") ?? (ulong)defaults.MaxRequestBody, long.MaxValue),
            MaxOutput = (long)Math.Min(GetSize(limits, "max_output") ?? (ulong)defaults.MaxOutput, long.MaxValue),
        };
    }

    /// <summary>A directory mapping; <paramref name="baseDirectory"/> resolves relative host paths.</summary>
    public static MountedDirectory ReadDirectory(TomlSection section, string baseDirectory, bool allowWritable)
    {
        section.RejectUnknownKeys(allowWritable ? ["source", "destination", "writable"] : ["source", "destination"]);
        var source = section.RequireString("source");
        var destination = section.RequireString("destination");
        if (!destination.StartsWith('/'))
        {
            throw section.Error("destination", $"'{destination}' must be an absolute guest path (start with '/')");
        }

        var hostPath = Path.GetFullPath(source, baseDirectory);
        if (!Directory.Exists(hostPath))
        {
            throw section.Error("source", $"directory '{hostPath}' does not exist");
        }

        return new MountedDirectory(hostPath, destination, allowWritable && (section.GetBoolean("writable") ?? false));
    }

    /// <summary>A static response table: <paramref name="statusKey"/> (default 200), <c>headers</c>, <c>body</c>.</summary>
    public static StaticResponse ReadStaticResponse(TomlSection section, string statusKey)
    {
        section.RejectUnknownKeys(statusKey, "headers", "body");
        var status = section.GetInteger(statusKey) ?? 200;
        if (status is < 100 or > 999)
        {
            throw section.Error(statusKey, $"{status} is not an HTTP status code");
        }

        return new StaticResponse((int)status, section.GetStringTable("headers"), System.Text.Encoding.UTF8.GetBytes(section.GetString("body") ?? ""));
    }

    /// <summary>The module file of a component; it must exist.</summary>
    public static string ResolveModule(TomlSection section, string key, string path, string baseDirectory)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        if (!File.Exists(full))
        {
            throw section.Error(key, $"module file '{full}' does not exist");
        }

        return full;
    }

    private static bool IsNone(TomlSection section, string key) => section.Get(key) is "none";
}
