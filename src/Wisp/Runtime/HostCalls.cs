using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Guest-to-host calls: a function that is not compiled code (a <see cref="HostFunction"/>, or any
/// other <see cref="FunctionInstance"/>) is called through its dynamically typed <c>Invoke</c>.
/// Anything it throws that is not a trap becomes <see cref="TrapCode.HostError"/>, except a WASI
/// <c>proc_exit</c>, which must unwind the guest unchanged. A <see cref="HostFunction"/> learns its
/// caller from the calling instance's context, which compiled code passes along.
/// </summary>
internal static class HostCalls
{
    public static void Invoke(FunctionInstance function, Value[] arguments, Value[] results, InstanceContext caller)
    {
        try
        {
            if (function is HostFunction host)
            {
                host.Invoke(new Caller(caller), arguments, results);
            }
            else
            {
                function.Invoke(arguments, results);
            }
        }
        catch (Exception e) when (e is not TrapException and not Wasi.WasiExitException)
        {
            throw new TrapException(TrapCode.HostError, e.Message, e);
        }

        var expected = function.Type.ResultSpan;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Type != expected[i])
            {
                throw new TrapException(TrapCode.HostError, $"host function returned {results[i].Type.Name()} for result {i}, expected {expected[i].Name()}");
            }
        }
    }
}
