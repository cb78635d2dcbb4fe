namespace Wisp.Serving.Manifest;

/// <summary>One WAGI component: the module to run and what each of its requests is given.</summary>
public sealed record ComponentDefinition
{
    /// <summary>The argv template Spin and WAGI use by default: the script name, then the query's arguments.</summary>
    public const string DefaultArgv = "${SCRIPT_NAME} ${ARGS}";

    public required string Id { get; init; }

    /// <summary>Absolute path of the .wasm or .wat file.</summary>
    public required string ModulePath { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<MountedDirectory> Directories { get; init; } = [];

    /// <summary>Reserved: WAGI guests have no outbound network in Wisp yet, so this is recorded and not used.</summary>
    public IReadOnlyList<string> AllowedOutboundHosts { get; init; } = [];

    /// <summary>Space-separated argv; <c>${SCRIPT_NAME}</c> and <c>${ARGS}</c> are replaced per request.</summary>
    public string Argv { get; init; } = DefaultArgv;

    public ComponentLimits Limits { get; init; } = new();
}
