using Wisp.Model;

namespace Wisp.Fuzz.Transcript;

/// <summary>A function export as both engines describe it.</summary>
public sealed record ExportedFunction(string Name, IReadOnlyList<ValType> Parameters);
