namespace Wisp.Compilation.Caching;

/// <summary>
/// Keeps a <see cref="ModuleCache"/> directory under its size limit: deletes the least recently used
/// entries (oldest modification time: a hit refreshes it) until the total is under
/// <see cref="RetainedFraction"/> of <see cref="ModuleCache.SizeLimit"/>, and temporary files left by
/// writers that died. Runs after a write when the marker file is older than
/// <see cref="ModuleCache.CleanupInterval"/> (<see cref="TryClaim"/>), so however many processes share the directory, it is
/// swept about once per interval. Other processes may read, write or sweep at the same time: every
/// file may vanish between listing and use, which only means there is nothing left to do with it.
/// </summary>
internal static class CacheSweep
{
    /// <summary>The marker file whose modification time is when the directory was last swept.</summary>
    public const string MarkerName = ".last-sweep";

    /// <summary>What a sweep brings the total down to, as a share of the limit (Wasmtime's 70%).</summary>
    public const double RetainedFraction = 0.7;

    /// <summary>Temporary files older than this belong to a writer that died (a write takes well under a second).</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether <paramref name="cache"/> is due a sweep (no process swept within its interval); if so,
    /// marks it swept now, so that processes writing at the same moment mostly leave it to this one
    /// (two sweeps at once are harmless, only wasted work).
    /// </summary>
    public static bool TryClaim(ModuleCache cache)
    {
        var marker = Path.Combine(cache.Directory, MarkerName);
        // A missing marker reads as 1601, so it is due; a marker far in the future (clock changed) too.
        var sinceLast = DateTime.UtcNow - File.GetLastWriteTimeUtc(marker);
        if (sinceLast < cache.CleanupInterval && sinceLast > -cache.CleanupInterval)
        {
            return false;
        }

        try
        {
            File.WriteAllBytes(marker, []);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes least recently used entries of <paramref name="directory"/> until they total under the limit's retained share.</summary>
    public static void Run(string directory, long sizeLimit, string keep, DateTime now)
    {
        var entries = new List<(string Path, long Length, DateTime LastUsed)>();
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                if (!TryDescribe(file, out var length, out var lastUsed))
                {
                    continue;
                }

                if (file.Name.EndsWith(ModuleCache.EntryExtension, StringComparison.Ordinal))
                {
                    entries.Add((file.FullName, length, lastUsed));
                    total += length;
                }
                else if (file.Name.EndsWith(ModuleCache.TemporaryExtension, StringComparison.Ordinal) && now - lastUsed > AbandonedAfter)
                {
                    ModuleCache.TryDelete(file.FullName);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        if (total <= sizeLimit)
        {
            return;
        }

        var target = (long)(sizeLimit * RetainedFraction);
        entries.Sort((a, b) => a.LastUsed.CompareTo(b.LastUsed));
        foreach (var (path, length, lastUsed) in entries)
        {
            if (total <= target)
            {
                break;
            }

            // Skip what was written or hit since it was listed (a missing file reads as 1601: gone anyway).
            if (path == keep || File.GetLastWriteTimeUtc(path) > lastUsed)
            {
                continue;
            }

            ModuleCache.TryDelete(path);
            total -= length;
        }
    }

    private static bool TryDescribe(FileInfo file, out long length, out DateTime lastUsed)
    {
        try
        {
            length = file.Length;
            lastUsed = file.LastWriteTimeUtc;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted between the directory listing and the look at its size.
            length = 0;
            lastUsed = default;
            return false;
        }
    }
}
