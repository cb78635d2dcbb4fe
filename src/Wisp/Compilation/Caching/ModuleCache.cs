using System.Buffers.Binary;
using System.Globalization;

namespace Wisp.Compilation.Caching;

/// <summary>
/// An on-disk cache of compiled modules (like Wasmtime's compilation cache): one file per module,
/// named by a hash of the module's bytes, the Wisp build and the engine settings that change code,
/// holding the module's bytes and its compiled image. A hit (same key, same module bytes) skips
/// validation and IL generation; the module is still decoded. The cache is best-effort:
/// unreadable, truncated, corrupt or foreign entries count as misses and are rewritten, and a cache
/// that cannot be written to is simply not used. Writers write a temporary file and rename it into
/// place, so concurrent processes never see half an entry.
/// </summary>
/// <remarks>
/// Entries are trusted: they hold code that runs with the host's rights, so the directory must be
/// writable only by the user running the host (the default is in the user's own cache directory).
/// An entry is only written after its module passed validation (when the engine validates), the key
/// records whether it did, and a hit needs the stored module bytes to equal the module being loaded,
/// so a hit stands for exactly the bytes this Wisp build validated before.
/// </remarks>
public sealed class ModuleCache
{
    private const string EntryExtension = ".wispc";

    /// <summary>A cache in <paramref name="directory"/>, created on first write.</summary>
    public ModuleCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = System.IO.Path.GetFullPath(directory);
    }

    /// <summary>Where entries are kept.</summary>
    public string Directory { get; }

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
        byte[] file;
        try
        {
            file = File.ReadAllBytes(EntryPath(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return CompiledImageFile.TryRead(file, out var storedKey, out var storedWasm, out var image)
            && storedKey.Span.SequenceEqual(key) && storedWasm.Span.SequenceEqual(wasm)
            ? image
            : null;
    }

    /// <summary>Stores <paramref name="image"/>, compiled from <paramref name="wasm"/>, under <paramref name="key"/>; failures to write are ignored.</summary>
    internal void Write(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wasm, ReadOnlySpan<byte> image)
    {
        var path = EntryPath(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
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
        }
    }

    /// <summary>Removes the entry under <paramref name="key"/>, e.g. one that could not be loaded.</summary>
    internal void Remove(ReadOnlySpan<byte> key) => TryDelete(EntryPath(key));

    // Formatted as a number: Convert.ToHexStringLower's vectorised code is not precompiled (start-up).
    internal string EntryPath(ReadOnlySpan<byte> key) =>
        System.IO.Path.Combine(Directory, BinaryPrimitives.ReadUInt64BigEndian(key).ToString("x16", CultureInfo.InvariantCulture) + EntryExtension);

    private static void TryDelete(string path)
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
