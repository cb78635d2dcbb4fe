using System.Collections.Concurrent;
using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Interns function types to small integers, process-wide, so that structurally equal types from
/// different modules get the same id and a signature check is one integer compare.
/// </summary>
internal static class FunctionTypeIds
{
    private static readonly ConcurrentDictionary<FunctionType, int> Ids = new();
    private static int _next;

    public static int Of(FunctionType type) =>
        Ids.TryGetValue(type, out var id) ? id : Ids.GetOrAdd(type, static _ => Interlocked.Increment(ref _next));
}
