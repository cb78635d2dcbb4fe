using System.Collections.Concurrent;
using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Gives function types integer ids, so that structurally equal types from different modules get the
/// same id and a signature check is one integer compare. Types with at most eight parameters and
/// results together (nearly all) get an id that encodes them (<see cref="Structural"/>): the same in
/// every process, so compiled code, including a persisted image, embeds it as a constant. Larger types
/// are interned process-wide to small integers, which compiled code reads from its context.
/// </summary>
internal static class FunctionTypeIds
{
    /// <summary>Set in every structural id and in no interned one (those count up from 1).</summary>
    private const int StructuralTag = 1 << 30;

    private const int MaxStructuralValues = 8;

    private static readonly ConcurrentDictionary<FunctionType, int> Ids = new();
    private static int _next;

    public static int Of(FunctionType type) =>
        Structural(type) ?? (Ids.TryGetValue(type, out var id) ? id : Ids.GetOrAdd(type, static _ => Interlocked.Increment(ref _next)));

    /// <summary>
    /// The tag, 3 bits of parameter count, 2 of result count, then 3 bits per value type; null when the
    /// type does not fit in the 30 bits below the tag.
    /// </summary>
    public static int? Structural(FunctionType type)
    {
        // Spans, not IReadOnlyList<ValType>: its array implementation is generic code the JIT would compile at start-up.
        var parameters = type.ParameterSpan;
        var results = type.ResultSpan;
        if (parameters.Length > 7 || results.Length > 3 || parameters.Length + results.Length > MaxStructuralValues)
        {
            return null;
        }

        var id = parameters.Length | (results.Length << 3);
        var shift = 5;
        foreach (var value in parameters)
        {
            id |= Code(value) << shift;
            shift += 3;
        }

        foreach (var value in results)
        {
            id |= Code(value) << shift;
            shift += 3;
        }

        return StructuralTag | id;
    }

    private static int Code(ValType type) => type switch
    {
        ValType.I32 => 0,
        ValType.I64 => 1,
        ValType.F32 => 2,
        ValType.F64 => 3,
        ValType.V128 => 4,
        ValType.FuncRef => 5,
        ValType.ExternRef => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a value type"),
    };
}
