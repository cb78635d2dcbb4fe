using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>A function: exported by an instance or defined by the host. Wraps a <see cref="FunctionInstance"/>.</summary>
public sealed class Function : Extern
{
    public Function(FunctionInstance runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
    }

    public FunctionInstance Runtime { get; }

    public override ExternalValue ExternalValue => Runtime;

    public FunctionType Type => Runtime.Type;

    /// <summary>
    /// A host function with an explicit signature. An exception other than <see cref="TrapException"/>
    /// thrown by <paramref name="callback"/> reaches the guest as a host-error trap.
    /// </summary>
    public static Function FromCallback(FunctionType type, HostCallback callback, string? name = null) =>
        new(new HostFunction(type, TypedHostFunctions.TrapOnHostException(callback), name));

    /// <summary>
    /// A host function that receives its <see cref="Caller"/>: the calling instance's store, memory and
    /// exports. One such function can serve instances of many stores.
    /// </summary>
    public static Function FromCallback(FunctionType type, CallerHostCallback callback, string? name = null) =>
        new(new HostFunction(type, TypedHostFunctions.TrapOnHostException(callback), name));

    /// <summary>Calls the function with dynamically typed arguments and returns its results. Traps raise <see cref="TrapException"/>.</summary>
    public Value[] Invoke(params Value[] arguments)
    {
        CheckArguments(arguments);
        var results = new Value[Type.ResultSpan.Length];
        Runtime.Invoke(arguments, results);
        return results;
    }

    /// <summary>Calls a function that returns one value and converts that value to <typeparamref name="TResult"/>.</summary>
    public TResult Invoke<TResult>(params Value[] arguments)
    {
        RequireResults([ClrValueMapping<TResult>.Require()]);
        return ClrValueMapping<TResult>.FromValue(Invoke(arguments)[0]);
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Func<TResult> WrapFunc<TResult>()
    {
        RequireSignature([], [ClrValueMapping<TResult>.Require()]);
        var function = Runtime;
        return () =>
        {
            Span<Value> arguments = [];
            Span<Value> results = [default];
            function.Invoke(arguments, results);
            return ClrValueMapping<TResult>.FromValue(results[0]);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Action WrapAction()
    {
        RequireSignature([], []);
        var function = Runtime;
        return () => function.Invoke([], []);
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Func<T1, TResult> WrapFunc<T1, TResult>()
    {
        RequireSignature([ClrValueMapping<T1>.Require()], [ClrValueMapping<TResult>.Require()]);
        var function = Runtime;
        return (a1) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1)];
            Span<Value> results = [default];
            function.Invoke(arguments, results);
            return ClrValueMapping<TResult>.FromValue(results[0]);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Action<T1> WrapAction<T1>()
    {
        RequireSignature([ClrValueMapping<T1>.Require()], []);
        var function = Runtime;
        return (a1) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1)];
            function.Invoke(arguments, []);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Func<T1, T2, TResult> WrapFunc<T1, T2, TResult>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require()], [ClrValueMapping<TResult>.Require()]);
        var function = Runtime;
        return (a1, a2) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2)];
            Span<Value> results = [default];
            function.Invoke(arguments, results);
            return ClrValueMapping<TResult>.FromValue(results[0]);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Action<T1, T2> WrapAction<T1, T2>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require()], []);
        var function = Runtime;
        return (a1, a2) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2)];
            function.Invoke(arguments, []);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Func<T1, T2, T3, TResult> WrapFunc<T1, T2, T3, TResult>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require()], [ClrValueMapping<TResult>.Require()]);
        var function = Runtime;
        return (a1, a2, a3) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2), ClrValueMapping<T3>.ToValue(a3)];
            Span<Value> results = [default];
            function.Invoke(arguments, results);
            return ClrValueMapping<TResult>.FromValue(results[0]);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Action<T1, T2, T3> WrapAction<T1, T2, T3>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require()], []);
        var function = Runtime;
        return (a1, a2, a3) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2), ClrValueMapping<T3>.ToValue(a3)];
            function.Invoke(arguments, []);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Func<T1, T2, T3, T4, TResult> WrapFunc<T1, T2, T3, T4, TResult>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require(), ClrValueMapping<T4>.Require()], [ClrValueMapping<TResult>.Require()]);
        var function = Runtime;
        return (a1, a2, a3, a4) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2), ClrValueMapping<T3>.ToValue(a3), ClrValueMapping<T4>.ToValue(a4)];
            Span<Value> results = [default];
            function.Invoke(arguments, results);
            return ClrValueMapping<TResult>.FromValue(results[0]);
        };
    }

    /// <summary>A typed delegate calling this function; throws <see cref="InvalidOperationException"/> if the signature differs.</summary>
    public Action<T1, T2, T3, T4> WrapAction<T1, T2, T3, T4>()
    {
        RequireSignature([ClrValueMapping<T1>.Require(), ClrValueMapping<T2>.Require(), ClrValueMapping<T3>.Require(), ClrValueMapping<T4>.Require()], []);
        var function = Runtime;
        return (a1, a2, a3, a4) =>
        {
            Span<Value> arguments = [ClrValueMapping<T1>.ToValue(a1), ClrValueMapping<T2>.ToValue(a2), ClrValueMapping<T3>.ToValue(a3), ClrValueMapping<T4>.ToValue(a4)];
            function.Invoke(arguments, []);
        };
    }

    private void CheckArguments(Value[] arguments)
    {
        var parameters = Type.ParameterSpan;
        if (arguments.Length != parameters.Length)
        {
            throw new ArgumentException($"function {Type} takes {parameters.Length} arguments, got {arguments.Length}", nameof(arguments));
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i].Type != parameters[i])
            {
                throw new ArgumentException($"argument {i} of function {Type} must be {parameters[i].Name()}, got {arguments[i].Type.Name()}", nameof(arguments));
            }
        }
    }

    private void RequireSignature(ValType[] parameters, ValType[] results)
    {
        var requested = new FunctionType(parameters, results);
        if (!requested.Equals(Type))
        {
            throw new InvalidOperationException($"function has type {Type}, not {requested}");
        }
    }

    private void RequireResults(ValType[] results)
    {
        if (!Type.Results.SequenceEqual(results))
        {
            throw new InvalidOperationException($"function has type {Type}, which does not return [{string.Join(" ", results.Select(r => r.Name()))}]");
        }
    }

    public override string ToString() => Runtime.ToString() ?? "function";
}
