using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>Decodes the binary format (spec 5) into a <see cref="ModuleDefinition"/>.</summary>
public static class ModuleDecoder
{
    /// <summary>Decodes a module. Malformed input raises <see cref="Diagnostics.MalformedModuleException"/> and nothing else.</summary>
    public static ModuleDefinition Decode(ReadOnlyMemory<byte> bytes) => throw new NotImplementedException("contract: the decoder helper implements this");
}
