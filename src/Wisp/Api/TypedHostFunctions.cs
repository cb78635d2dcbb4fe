using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// Builds host functions from typed C# delegates: the signature comes from the delegate's CLR types
/// (see <see cref="ClrValueMapping{T}"/>), and an exception thrown by the delegate becomes a
/// <see cref="TrapCode.HostError"/> trap so that guest code only ever sees traps.
/// </summary>
internal static class TypedHostFunctions
{
    public static HostFunction From<TResult>(Func<TResult> callback, string name)
    {
        var type = new FunctionType([], [ClrValueMapping<TResult>.Require()]);
        return Create(type, name, (arguments, results) => results[0] = ClrValueMapping<TResult>.ToValue(callback()));
    }

    public static HostFunction From(Action callback, string name)
    {
        var type = new FunctionType([], []);
        return Create(type, name, (arguments, _) => callback());
    }

    public static HostFunction From<T1, TResult>(Func<T1, TResult> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require()], [ClrValueMapping<TResult>.Require()]);
        return Create(type, name, (arguments, results) => results[0] = ClrValueMapping<TResult>.ToValue(callback(ClrValueMapping<T1>.FromValue(arguments[0]))));
    }

    public static HostFunction From<T1>(Action<T1> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require()], []);
        return Create(type, name, (arguments, _) => callback(ClrValueMapping<T1>.FromValue(arguments[0])));
    }

    public static HostFunction From<T1, T2, TResult>(Func<T1, T2, TResult> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require()], [ClrValueMapping<TResult>.Require()]);
        return Create(type, name, (arguments, results) => results[0] = ClrValueMapping<TResult>.ToValue(callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1]))));
    }

    public static HostFunction From<T1, T2>(Action<T1, T2> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require()], []);
        return Create(type, name, (arguments, _) => callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1])));
    }

    public static HostFunction From<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require()], [ClrValueMapping<TResult>.Require()]);
        return Create(type, name, (arguments, results) => results[0] = ClrValueMapping<TResult>.ToValue(callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1]), ClrValueMapping<T3>.FromValue(arguments[2]))));
    }

    public static HostFunction From<T1, T2, T3>(Action<T1, T2, T3> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require()], []);
        return Create(type, name, (arguments, _) => callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1]), ClrValueMapping<T3>.FromValue(arguments[2])));
    }

    public static HostFunction From<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require(), ClrValueMapping<T4>.Require()], [ClrValueMapping<TResult>.Require()]);
        return Create(type, name, (arguments, results) => results[0] = ClrValueMapping<TResult>.ToValue(callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1]), ClrValueMapping<T3>.FromValue(arguments[2]), ClrValueMapping<T4>.FromValue(arguments[3]))));
    }

    public static HostFunction From<T1, T2, T3, T4>(Action<T1, T2, T3, T4> callback, string name)
    {
        var type = new FunctionType([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require(), ClrValueMapping<T4>.Require()], []);
        return Create(type, name, (arguments, _) => callback(ClrValueMapping<T1>.FromValue(arguments[0]), ClrValueMapping<T2>.FromValue(arguments[1]), ClrValueMapping<T3>.FromValue(arguments[2]), ClrValueMapping<T4>.FromValue(arguments[3])));
    }

    private static HostFunction Create(FunctionType type, string name, HostCallback callback) =>
        new(type, TrapOnHostException(callback), name);

    /// <summary>Lets traps through and turns every other exception into a host-error trap.</summary>
    public static HostCallback TrapOnHostException(HostCallback callback) => (arguments, results) =>
    {
        try
        {
            callback(arguments, results);
        }
        catch (Exception e) when (e is not TrapException)
        {
            throw new TrapException(TrapCode.HostError, $"{e.GetType().Name}: {e.Message}", e);
        }
    };

    /// <summary>As <see cref="TrapOnHostException(HostCallback)"/>, for a callback that takes its caller.</summary>
    public static CallerHostCallback TrapOnHostException(CallerHostCallback callback) => (caller, arguments, results) =>
    {
        try
        {
            callback(caller, arguments, results);
        }
        catch (Exception e) when (e is not TrapException)
        {
            throw new TrapException(TrapCode.HostError, $"{e.GetType().Name}: {e.Message}", e);
        }
    };
}
