using Wisp.Serving.Routing;

namespace Wisp.Serving.Manifest;

/// <summary>
/// Turns what <c>wisp serve</c> was given into an application: a bare <c>.wasm</c>/<c>.wat</c> module
/// serves every path (<c>/...</c>); a <c>.toml</c> file is a Spin manifest when it declares
/// <c>spin_manifest_version</c>, else a <c>wisp.toml</c>.
/// </summary>
public static class ManifestLoader
{
    public static AppManifest Load(string path, ComponentLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(defaults);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ManifestException($"{path}: no such file");
        }

        var extension = Path.GetExtension(full);
        if (extension.Equals(".wasm", StringComparison.OrdinalIgnoreCase) || extension.Equals(".wat", StringComparison.OrdinalIgnoreCase))
        {
            var id = Path.GetFileNameWithoutExtension(full);
            var component = new ComponentDefinition { Id = id, ModulePath = full, Limits = defaults };
            return new AppManifest(id, [new RouteDefinition(RoutePattern.Parse("/..."), id, null)], new Dictionary<string, ComponentDefinition> { [id] = component })
            {
                WatchedFiles = [full],
            };
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (IOException e)
        {
            throw new ManifestException($"{path}: {e.Message}", e);
        }

        return IsSpinManifest(text)
            ? SpinManifestReader.Read(text, full, defaults)
            : WispManifestReader.Read(text, full, defaults);
    }

    private static bool IsSpinManifest(string text) =>
        text.Split('\n').Any(line => line.TrimStart().StartsWith("spin_manifest_version", StringComparison.Ordinal));
}
