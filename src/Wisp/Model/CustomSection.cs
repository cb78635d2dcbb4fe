namespace Wisp.Model;

/// <summary>A custom section, kept as is (spec 5.5.3).</summary>
public sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content, int Offset);

/// <summary>What the <c>name</c> custom section says (spec 7.4.1); missing entries are simply absent.</summary>
public sealed class NameSection
{
    public string? ModuleName { get; init; }

    public IReadOnlyDictionary<uint, string> FunctionNames { get; init; } = new Dictionary<uint, string>();

    /// <summary>Function index to (local index to name).</summary>
    public IReadOnlyDictionary<uint, IReadOnlyDictionary<uint, string>> LocalNames { get; init; } =
        new Dictionary<uint, IReadOnlyDictionary<uint, string>>();

    /// <summary>The name of function <paramref name="index"/>, or null if it has none.</summary>
    /// <remarks>
    /// Looked up on the dictionary the decoder made when it is one: through the interface, the lookup
    /// is generic framework code over uint that ReadyToRun leaves to the JIT (start-up).
    /// </remarks>
    internal string? FunctionName(uint index) =>
        (FunctionNames is Dictionary<uint, string> names ? names.TryGetValue(index, out var name) : FunctionNames.TryGetValue(index, out name)) ? name : null;
}
