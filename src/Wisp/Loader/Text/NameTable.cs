namespace Wisp.Loader.Text;

/// <summary>
/// One index space of a module or function (funcs, tables, locals, ...): counts its entries and maps
/// their <c>$names</c> to indices. <see cref="Kind"/> words the errors: "duplicate func", "unknown func".
/// </summary>
internal sealed class NameTable(string kind)
{
    private readonly Dictionary<string, uint> _names = new(StringComparer.Ordinal);

    public string Kind => kind;

    public uint Count { get; private set; }

    /// <summary>Adds the next entry, named or not, and returns its index.</summary>
    public uint Add(Token? id, TokenCursor cursor)
    {
        if (id is { } name && !_names.TryAdd(name.Text, Count))
        {
            throw cursor.Error(name, $"duplicate {kind}");
        }

        return Count++;
    }

    public bool TryResolve(string name, out uint index) => _names.TryGetValue(name, out index);

    /// <summary>The named entries, by index, with the <c>$</c> of the text form removed (for the name section).</summary>
    public IEnumerable<(uint Index, string Name)> Named() =>
        _names.Select(pair => (pair.Value, pair.Key.StartsWith('$') ? pair.Key[1..] : pair.Key)).OrderBy(entry => entry.Item1);
}
