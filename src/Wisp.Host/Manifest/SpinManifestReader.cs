using Tomlyn.Model;
using Wisp.Serving.Routing;

namespace Wisp.Serving.Manifest;

/// <summary>
/// Reads a Spin application manifest (<c>spin_manifest_version = 2</c>) whose HTTP triggers use
/// <c>executor = { type = "wagi" }</c>, so such apps run unchanged. Whatever Spin offers and Wisp does
/// not (other triggers and executors, remote sources, key-value stores, variables, ...) is refused with
/// "not supported yet: ..." rather than quietly behaving differently.
/// </summary>
public static class SpinManifestReader
{
    private static readonly string[] UnsupportedComponentKeys =
        ["key_value_stores", "sqlite_databases", "ai_models", "variables", "dependencies", "dependencies_inherit_configuration", "exclude_files"];

    public static AppManifest Read(string text, string file, ComponentLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(defaults);
        var display = Path.GetFileName(file);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var document = TomlSection.Parse(text, display);
        if (document.GetInteger("spin_manifest_version") is not 2)
        {
            throw document.Error("spin_manifest_version", document.Contains("spin_manifest_version")
                ? "not supported yet: only Spin manifest version 2 is read"
                : "is required (a Spin manifest starts with spin_manifest_version = 2)");
        }

        document.RejectUnknownKeys("spin_manifest_version", "application", "variables", "trigger", "component");
        if (document.GetTable("variables") is { } variables && variables.Keys.Any())
        {
            throw document.Error("variables", "not supported yet: application variables");
        }

        var application = document.GetTable("application") ?? throw document.Error("application", "is required");
        application.RejectUnknownKeys("name", "version", "authors", "description", "trigger");
        var name = application.RequireString("name");
        var basePath = "/";
        if (application.GetTable("trigger") is { } appTriggers)
        {
            appTriggers.RejectUnknownKeys("http");
            if (appTriggers.GetTable("http") is { } http)
            {
                http.RejectUnknownKeys("base");
                basePath = http.GetString("base") ?? "/";
            }
        }

        var componentTables = document.GetTable("component");
        var components = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        var triggers = document.GetTable("trigger");
        var routes = new List<RouteDefinition>();
        if (triggers is not null)
        {
            foreach (var kind in triggers.Keys.Where(kind => kind != "http"))
            {
                throw triggers.Error(kind, $"not supported yet: {kind} triggers (Wisp serves HTTP triggers only)");
            }

            var index = 0;
            foreach (var trigger in triggers.GetTableArray("http"))
            {
                trigger.RejectUnknownKeys("id", "route", "component", "executor", "static_response");
                var route = ReadRoute(trigger, basePath);
                if (route is null)
                {
                    index++;
                    continue;
                }

                string? componentId = null;
                StaticResponse? staticResponse = null;
                if (trigger.GetTable("static_response") is { } staticTable)
                {
                    staticResponse = ManifestValues.ReadStaticResponse(staticTable, "status_code");
                }

                switch (trigger.Get("component"))
                {
                    case null when staticResponse is null:
                        throw trigger.Error("component", "is required (or static_response)");
                    case null:
                        break;
                    case string id:
                        componentId = id;
                        var section = componentTables?.GetTable(id) ?? throw trigger.Error("component", $"no component '{id}' is defined ([component.{id}])");
                        components.TryAdd(id, ReadComponent(id, section, trigger, baseDirectory, defaults));
                        break;
                    case TomlTable inline:
                        componentId = trigger.GetString("id") ?? $"inline-component-{index}";
                        components[componentId] = ReadComponent(componentId, trigger.Child("component", inline), trigger, baseDirectory, defaults);
                        break;
                    default:
                        throw trigger.Error("component", "expected a component id or an inline component table");
                }

                var duplicate = routes.FirstOrDefault(other => other.Pattern.IsSameShape(route));
                if (duplicate is not null)
                {
                    throw trigger.Error("route", $"'{route}' matches the same paths as the earlier route '{duplicate.Pattern}'");
                }

                routes.Add(new RouteDefinition(route, componentId, staticResponse));
                index++;
            }
        }

        if (routes.Count == 0)
        {
            throw new ManifestException($"{display}:1: trigger.http: the manifest has no public [[trigger.http]] routes");
        }

        return new AppManifest(name, routes, components)
        {
            WatchedFiles = [Path.GetFullPath(file), .. components.Values.Select(component => component.ModulePath).Distinct()],
        };
    }

    private static RoutePattern? ReadRoute(TomlSection trigger, string basePath)
    {
        switch (trigger.Get("route"))
        {
            case string text:
                try
                {
                    // Spin joins the application's base and the route, each less one trailing '/'.
                    var route = text.StartsWith('/') ? text : "/" + text;
                    var joined = StripOneSlash(basePath) + StripOneSlash(route);
                    return RoutePattern.Parse(joined.Length == 0 ? "/" : joined);
                }
                catch (FormatException e)
                {
                    throw trigger.Error("route", e.Message);
                }

            case TomlTable table:
                var routeSection = trigger.Child("route", table);
                routeSection.RejectUnknownKeys("private");
                if (routeSection.GetBoolean("private") is true)
                {
                    return null; // reachable only by service chaining, which WAGI components cannot do
                }

                throw trigger.Error("route", "must be a path or { private = true }");
            case null:
                throw trigger.Error("route", "is required");
            default:
                throw trigger.Error("route", "must be a path or { private = true }");
        }
    }

    private static string StripOneSlash(string path) => path.EndsWith('/') ? path[..^1] : path;

    private static ComponentDefinition ReadComponent(string id, TomlSection section, TomlSection trigger, string baseDirectory, ComponentLimits defaults)
    {
        var argv = ComponentDefinition.DefaultArgv;
        switch (trigger.Get("executor"))
        {
            case TomlTable executorTable:
                var executor = trigger.Child("executor", executorTable);
                executor.RejectUnknownKeys("type", "argv", "entrypoint");
                var type = executor.RequireString("type");
                if (type != "wagi")
                {
                    throw executor.Error("type", $"not supported yet: the '{type}' executor (Wisp runs WAGI components: executor = {{ type = \"wagi\" }})");
                }

                argv = executor.GetString("argv") ?? argv;
                if (executor.GetString("entrypoint") is { } entry && entry != "_start")
                {
                    throw executor.Error("entrypoint", $"not supported yet: WAGI entrypoints other than _start ('{entry}')");
                }

                break;
            case null:
                throw trigger.Error("component", $"not supported yet: component '{id}' uses Spin's default HTTP executor (wasi-http or Spin SDK components); Wisp runs WAGI components: add executor = {{ type = \"wagi\" }}");
            default:
                throw trigger.Error("executor", "expected a table such as { type = \"wagi\" }");
        }

        foreach (var key in UnsupportedComponentKeys)
        {
            if (section.Get(key) is { } value && !(value is TomlArray { Count: 0 } || value is TomlTable { Count: 0 }))
            {
                throw section.Error(key, $"not supported yet: {key.Replace('_', ' ')}");
            }
        }

        section.RejectUnknownKeys([.. UnsupportedComponentKeys, "source", "description", "files", "environment", "allowed_outbound_hosts", "allowed_http_hosts", "build", "tool"]);
        string module = section.Get("source") switch
        {
            string path => ManifestValues.ResolveModule(section, "source", path, baseDirectory),
            TomlTable => throw section.Error("source", "not supported yet: remote component sources (url/digest or registry packages); give a local .wasm path"),
            null => throw section.Error("source", "is required"),
            _ => throw section.Error("source", "expected a path to a .wasm file"),
        };

        var directories = new List<MountedDirectory>();
        foreach (var item in section.GetArray("files"))
        {
            if (item is TomlSection mapping)
            {
                directories.Add(ManifestValues.ReadDirectory(mapping, baseDirectory, allowWritable: false));
            }
            else if (item is string pattern)
            {
                directories.Add(ReadFilePattern(section, pattern, baseDirectory));
            }
            else
            {
                throw section.Error("files", "expected a path or { source = \"dir\", destination = \"/guest\" }");
            }
        }

        return new ComponentDefinition
        {
            Id = id,
            ModulePath = module,
            Environment = section.GetStringTable("environment"),
            Directories = directories,
            AllowedOutboundHosts = [.. section.GetStringArray("allowed_outbound_hosts"), .. section.GetStringArray("allowed_http_hosts")],
            Argv = argv,
            Limits = defaults,
        };
    }

    // Spin's plain entries are globs relative to the manifest, mounted at the same relative path.
    // A directory (optionally "dir/**" or "dir/*") maps as a whole; finer patterns are not supported yet.
    private static MountedDirectory ReadFilePattern(TomlSection section, string pattern, string baseDirectory)
    {
        var directory = pattern.EndsWith("/**", StringComparison.Ordinal) ? pattern[..^3]
            : pattern.EndsWith("/*", StringComparison.Ordinal) ? pattern[..^2]
            : pattern;
        if (directory.IndexOfAny(['*', '?', '[', '{']) >= 0 || Path.IsPathRooted(directory))
        {
            throw section.Error("files", $"not supported yet: the file pattern '{pattern}' (use a directory, 'dir/**', or {{ source = \"dir\", destination = \"/guest\" }})");
        }

        var hostPath = Path.GetFullPath(directory, baseDirectory);
        if (!Directory.Exists(hostPath))
        {
            throw section.Error("files", $"not supported yet: '{pattern}' is not a directory (single-file mounts); mount its directory instead");
        }

        return new MountedDirectory(hostPath, "/" + Path.GetRelativePath(baseDirectory, hostPath).Replace('\\', '/'), Writable: false);
    }
}
