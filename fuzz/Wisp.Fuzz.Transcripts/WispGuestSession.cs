using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Fuzz.Transcripts;

/// <summary>A Wisp instance driven by <see cref="TranscriptRecorder"/>.</summary>
internal sealed class WispGuestSession : IGuestSession
{
    private readonly Store _store;
    private readonly Instance _instance;

    public WispGuestSession(Store store, Instance instance)
    {
        _store = store;
        _instance = instance;
        var exports = instance.Module!.Exports;
        Functions = exports.Where(e => e.Kind == ExternalKind.Function)
            .Select(e => new ExportedFunction(e.Name, e.FunctionType!.Parameters.ToArray()))
            .ToArray();
        Memories = exports.Where(e => e.Kind == ExternalKind.Memory).Select(e => e.Name).ToArray();
    }

    public IReadOnlyList<ExportedFunction> Functions { get; }

    public IReadOnlyList<string> Memories { get; }

    public CallOutcome Call(string name, IReadOnlyList<NeutralValue> arguments)
    {
        try
        {
            var results = _instance.GetFunction(name)!.Invoke(arguments.Select(WispGuestEngine.FromNeutral).ToArray());
            return CallOutcome.Returned(results.Select(WispGuestEngine.ToNeutral));
        }
        catch (TrapException e)
        {
            return CallOutcome.Trapped(TrapKinds.Of(e.Code));
        }
        catch (Exception e)
        {
            return CallOutcome.Crashed(e);
        }
    }

    public byte[] ReadMemory(string name)
    {
        var memory = _instance.GetMemory(name)!;
        return memory.GetSpan(0, checked((int)memory.Length)).ToArray();
    }

    public void Dispose() => _store.Dispose();
}
