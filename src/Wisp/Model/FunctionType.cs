namespace Wisp.Model;

/// <summary>A function signature (spec 2.3.5). Structural equality: two types with the same params and results are the same type.</summary>
public sealed class FunctionType : IEquatable<FunctionType>
{
    public static readonly FunctionType Empty = new([], []);

    public FunctionType(ValType[] parameters, ValType[] results)
    {
        Parameters = parameters;
        Results = results;
    }

    public IReadOnlyList<ValType> Parameters { get; }

    public IReadOnlyList<ValType> Results { get; }

    public bool Equals(FunctionType? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Parameters.SequenceEqual(other.Parameters) && Results.SequenceEqual(other.Results)));

    public override bool Equals(object? obj) => Equals(obj as FunctionType);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters) hash.Add(p);
        hash.Add(-1);
        foreach (var r in Results) hash.Add(r);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"[{string.Join(" ", Parameters.Select(p => p.Name()))}] -> [{string.Join(" ", Results.Select(r => r.Name()))}]";
}
