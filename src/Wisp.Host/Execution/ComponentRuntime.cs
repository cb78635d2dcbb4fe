using Wisp.Serving.Manifest;

namespace Wisp.Serving.Execution;

/// <summary>
/// A component ready to serve: its engine (fuel and interruption compiled in only when its limits need
/// them), its compiled module and its launcher. Immutable and shared by all of its requests; a reload
/// builds a new one while requests already running keep theirs.
/// </summary>
public sealed class ComponentRuntime
{
    private ComponentRuntime(ComponentDefinition definition, Engine engine, Module module, GuestLauncher launcher)
    {
        Definition = definition;
        Engine = engine;
        Module = module;
        Launcher = launcher;
        ModuleName = Path.GetFileName(definition.ModulePath);
    }

    public ComponentDefinition Definition { get; }

    public Engine Engine { get; }

    public Module Module { get; }

    public string ModuleName { get; }

    internal GuestLauncher Launcher { get; }

    /// <summary>Reads, validates and compiles the component's module; throws <see cref="ManifestException"/> naming the module on failure.</summary>
    public static ComponentRuntime Compile(ComponentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var engine = new Engine
        {
            Interruptible = definition.Limits.Timeout is not null,
            ConsumeFuel = definition.Limits.Fuel is not null,
        };
        try
        {
            var module = Module.FromFile(engine, definition.ModulePath);
            if (module.Exports.All(export => export.Name != "_start"))
            {
                throw new ManifestException($"component '{definition.Id}': {definition.ModulePath} exports no _start function (a WAGI component is a WASI command)");
            }

            return new ComponentRuntime(definition, engine, module, new GuestLauncher(engine, module));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Runtime.LinkException or Diagnostics.MalformedModuleException or Diagnostics.InvalidModuleException or Diagnostics.TextFormatException)
        {
            throw new ManifestException($"component '{definition.Id}': {definition.ModulePath}: {e.Message}", e);
        }
    }
}
