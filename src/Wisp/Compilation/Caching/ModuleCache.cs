using System.Buffers.Binary;
using System.Globalization;

namespace Wisp.Compilation.Caching;

/// <summary>
/// An on-disk cache of compiled modules (like Wasmtime's compilation cache): one file per module,
/// named by a hash of the module's bytes, the Wisp build and the engine settings that change code,
/// holding the module's bytes and its compiled image. A hit (same key, same module bytes) skips
/// validation and IL generation; the module is still decoded. The cache is best-effort:
/// unreadable, truncated, corrupt or foreign entries count as misses and are removed (rewritten once
/// the module is compiled again), and a cache that cannot be written to is simply not used. Writers
/// write a temporary file and rename it into place, so concurrent processes never see half an entry.
/// </summary>
/// <remarks>
/// <para>
/// The cache is kept under <see cref="SizeLimit"/> as Wasmtime's is: a hit refreshes its entry's
/// modification time, and at most once per <see cref="CleanupInterval"/> (the time of a marker
/// file, shared by every process using the directory) a write is followed by a sweep, on a background
/// thread (<see cref="PendingSweep"/>), that deletes the least recently used entries until the total
/// is back under 70% of the limit (so the next sweep is not due after the next write). Between sweeps
/// the limit can be exceeded: it is a soft limit.
/// </para>
/// <para>
/// Entries are trusted: they hold code that runs with the host's rights, so the directory must be
/// writable only by the user running the host (the default is in the user's own cache directory).
/// An entry is only written after its module passed validation (when the engine validates), the key
/// records whether it did, and a hit needs the stored module bytes to equal the module being loaded,
/// so a hit stands for exactly the bytes this Wisp build validated before.
/// </para>
/// </remarks>
public sealed class ModuleCache
{
    /// <summary>The file name extension of entries.</summary>
    internal const string EntryExtension = ".wispc";

    /// <summary>The extension of files being written, renamed to an entry once complete.</summary>
    internal const string TemporaryExtension = ".tmp";

    /// <summary>The default <see cref="SizeLimit"/>, Wasmtime's default: 512 MiB.</summary>
    public const long DefaultSizeLimit = 512L << 20;

    private long _hits;
    private long _misses;

    /// <summary>A cache in <paramref name="directory"/>, created on first write.</summary>
    public ModuleCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = System.IO.Path.GetFullPath(directory);
    }

    /// <summary>Where entries are kept.</summary>
    public string Directory { get; }

    /// <summary>
    /// The total size of entries a sweep brings the cache back under (to 70% of it), deleting the least
    /// recently used first; <see cref="DefaultSizeLimit"/> unless set. Checked after writes, at most once
    /// per <see cref="CleanupInterval"/>, so the directory may grow past it in between.
    /// </summary>
    public long SizeLimit
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the size limit cannot be negative");
    } = DefaultSizeLimit;

    /// <summary>
    /// The least time between two sweeps of the directory by any process (one hour, as Wasmtime's
    /// <c>cleanup-interval</c>, unless set); zero sweeps after every write.
    /// </summary>
    public TimeSpan CleanupInterval
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "the cleanup interval cannot be negative");
    } = TimeSpan.FromHours(1);

    /// <summary>
    /// The sweep this object started last, or a completed task. It runs on a background thread; a
    /// process about to exit may wait for it so that the directory ends up under the limit.
    /// </summary>
    public Task PendingSweep { get; private set; } = Task.CompletedTask;

    /// <summary>How many lookups by this object found an intact entry for their module.</summary>
    public long Hits => Volatile.Read(ref _hits);

    /// <summary>How many lookups by this object found no entry, or none that could be used.</summary>
    public long Misses => Volatile.Read(ref _misses);

    /// <summary>
    /// <c>$XDG_CACHE_HOME/wisp</c>, or <c>~/.cache/wisp</c> when that is not set (the local application
    /// data folder on Windows; a folder in the temporary directory for a user without a home).
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathFullyQualified(xdg))
            {
                return System.IO.Path.Combine(xdg, "wisp");
            }

            var home = Environment.GetFolderPath(OperatingSystem.IsWindows() ? Environment.SpecialFolder.LocalApplicationData : Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                // No home (a bare service account): never a path relative to the working directory.
                return System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wisp-cache-{Environment.UserName}");
            }

            return OperatingSystem.IsWindows() ? System.IO.Path.Combine(home, "wisp", "cache") : System.IO.Path.Combine(home, ".cache", "wisp");
        }
    }

    /// <summary>
    /// The compiled image stored under <paramref name="key"/> for exactly <paramref name="wasm"/>, or null
    /// when there is none or it is not intact.
    /// </summary>
    internal ReadOnlyMemory<byte>? TryRead(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wasm)
    {
        var path = EntryPath(key);
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Including an entry a sweep or another process deleted since: a miss, never an error.
            Interlocked.Increment(ref _misses);
            return null;
        }

        if (!CompiledImageFile.TryRead(file, out var storedKey, out var storedWasm, out var image)
            || !storedKey.Span.SequenceEqual(key) || !storedWasm.Span.SequenceEqual(wasm))
        {
            // Damaged, or another module under this name: it would only take space until rewritten.
            TryDelete(path);
            Interlocked.Increment(ref _misses);
            return null;
        }

        MarkUsed(path);
        Interlocked.Increment(ref _hits);
        return image;
    }

    /// <summary>Stores <paramref name="image"/>, compiled from <paramref name="wasm"/>, under <paramref name="key"/>; failures to write are ignored.</summary>
    internal void Write(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wasm, ReadOnlySpan<byte> image)
    {
        var path = EntryPath(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporaryExtension}";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllBytes(temporary, CompiledImageFile.Write(key, wasm, image));
            // Atomic on one file system: a concurrent reader sees the old entry, no entry or the whole new one.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return;
        }

        // After the write, not before a read: a hit never pays for a sweep. Deleting can wait on the
        // disk (milliseconds per file under load), so the sweep runs on a thread of its own.
        if (CacheSweep.TryClaim(this))
        {
            PendingSweep = Task.Factory.StartNew(
                () => CacheSweep.Run(Directory, SizeLimit, keep: path, DateTime.UtcNow),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }
    }

    /// <summary>Removes the entry under <paramref name="key"/>, e.g. one that could not be loaded.</summary>
    internal void Remove(ReadOnlySpan<byte> key) => TryDelete(EntryPath(key));

    // Formatted as a number: Convert.ToHexStringLower's vectorised code is not precompiled (start-up).
    internal string EntryPath(ReadOnlySpan<byte> key) =>
        System.IO.Path.Combine(Directory, BinaryPrimitives.ReadUInt64BigEndian(key).ToString("x16", CultureInfo.InvariantCulture) + EntryExtension);

    /// <summary>Refreshes the entry's modification time, which the sweep reads as its last use.</summary>
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted or replaced since it was read, or not ours to touch: it only ages sooner.
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale temporary file or entry does no harm.
        }
    }
}
