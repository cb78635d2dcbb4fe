using Wisp.Serving.Routing;

namespace Wisp.Serving.Manifest;

/// <summary>
/// Reads <c>wisp.toml</c> (reference: docs/serve.md): <c>name</c>, <c>[[route]]</c> entries with a
/// <c>path</c> and a <c>component</c> or a <c>static</c> response, and <c>[component.ID]</c> tables.
/// Unknown keys are errors, so a typo never silently falls back to a default.
/// </summary>
public static class WispManifestReader
{
    public static AppManifest Read(string text, string file, ComponentLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(defaults);
        var display = Path.GetFileName(file);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var document = TomlSection.Parse(text, display);
        document.RejectUnknownKeys("name", "route", "component");
        var name = document.GetString("name") ?? Path.GetFileName(baseDirectory);

        var components = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        var componentTables = document.GetTable("component");
        if (componentTables is not null)
        {
            foreach (var id in componentTables.Keys)
            {
                var section = componentTables.GetTable(id)!;
                components[id] = ReadComponent(id, section, baseDirectory, defaults);
            }
        }

        var routes = new List<RouteDefinition>();
        foreach (var route in document.GetTableArray("route"))
        {
            route.RejectUnknownKeys("path", "component", "static");
            RoutePattern pattern;
            try
            {
                pattern = RoutePattern.Parse(route.RequireString("path"));
            }
            catch (FormatException e)
            {
                throw route.Error("path", e.Message);
            }

            var componentId = route.GetString("component");
            var staticTable = route.GetTable("static");
            if ((componentId is null) == (staticTable is null))
            {
                throw route.Error("path", "a route needs exactly one of 'component' and 'static'");
            }

            if (componentId is not null && !components.ContainsKey(componentId))
            {
                throw route.Error("component", $"no component '{componentId}' is defined ([component.{componentId}])");
            }

            var duplicate = routes.FirstOrDefault(other => other.Pattern.IsSameShape(pattern));
            if (duplicate is not null)
            {
                throw route.Error("path", $"'{pattern}' matches the same paths as the earlier route '{duplicate.Pattern}'");
            }

            routes.Add(new RouteDefinition(pattern, componentId, staticTable is null ? null : ManifestValues.ReadStaticResponse(staticTable, "status")));
        }

        if (routes.Count == 0)
        {
            throw new ManifestException($"{display}:1: route: the manifest has no [[route]] entries");
        }

        return new AppManifest(name, routes, components)
        {
            WatchedFiles = [Path.GetFullPath(file), .. components.Values.Select(component => component.ModulePath).Distinct()],
        };
    }

    private static ComponentDefinition ReadComponent(string id, TomlSection section, string baseDirectory, ComponentLimits defaults)
    {
        section.RejectUnknownKeys("module", "environment", "files", "allowed_outbound_hosts", "argv", "limits");
        var files = section.GetArray("files").Select(item => item as TomlSection
            ?? throw section.Error("files", "each entry is a table: { source = \"dir\", destination = \"/guest\", writable = false }"));
        var outbound = section.GetStringArray("allowed_outbound_hosts");
        return new ComponentDefinition
        {
            Id = id,
            ModulePath = ManifestValues.ResolveModule(section, "module", section.RequireString("module"), baseDirectory),
            Environment = section.GetStringTable("environment"),
            Directories = [.. files.Select(file => ManifestValues.ReadDirectory(file, baseDirectory, allowWritable: true))],
            AllowedOutboundHosts = outbound,
            Argv = section.GetString("argv") ?? ComponentDefinition.DefaultArgv,
            Limits = ManifestValues.ReadLimits(section.GetTable("limits"), defaults),
        };
    }
}
