namespace Wisp.Model;

/// <summary>A function signature (spec 2.3.5). Structural equality: two types with the same params and results are the same type.</summary>
public sealed class FunctionType : IEquatable<FunctionType>
{
    public static readonly FunctionType Empty = new([], []);

    // Compared and hashed as arrays: LINQ and HashCode.Add<T> over ValType are generic framework code
    // that ReadyToRun cannot precompile, jitted at every start-up otherwise.
    private readonly ValType[] _parameters;
    private readonly ValType[] _results;

    public FunctionType(ValType[] parameters, ValType[] results)
    {
        _parameters = parameters;
        _results = results;
    }

    public IReadOnlyList<ValType> Parameters => _parameters;

    public IReadOnlyList<ValType> Results => _results;

    // For the runtime's own checks: Parameters and Results go through IReadOnlyList<ValType>, whose
    // array implementation is generic framework code that ReadyToRun leaves to the JIT (start-up).

    /// <summary><see cref="Parameters"/> as a span.</summary>
    internal ReadOnlySpan<ValType> ParameterSpan => _parameters;

    /// <summary><see cref="Results"/> as a span.</summary>
    internal ReadOnlySpan<ValType> ResultSpan => _results;

    public bool Equals(FunctionType? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (SameTypes(_parameters, other._parameters) && SameTypes(_results, other._results)));

    public override bool Equals(object? obj) => Equals(obj as FunctionType);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var p in _parameters) hash = (hash * 31) + (int)p;
        hash = (hash * 31) - 1;
        foreach (var r in _results) hash = (hash * 31) + (int)r;
        return hash;
    }

    public override string ToString() =>
        $"[{string.Join(" ", Parameters.Select(p => p.Name()))}] -> [{string.Join(" ", Results.Select(r => r.Name()))}]";

    private static bool SameTypes(ValType[] a, ValType[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
