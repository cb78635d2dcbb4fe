using Wisp.Model;

namespace Wisp.Fuzz.Transcripts;

/// <summary>A function export as both engines describe it.</summary>
public sealed record ExportedFunction(string Name, IReadOnlyList<ValType> Parameters);
