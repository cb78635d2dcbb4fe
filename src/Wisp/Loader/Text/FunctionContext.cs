namespace Wisp.Loader.Text;

/// <summary>The names in scope while parsing one body or constant expression: locals and the enclosing block labels.</summary>
internal sealed class FunctionContext
{
    private readonly List<string?> _labels = [];

    public NameTable Locals { get; } = new("local");

    public void PushLabel(Token? label) => _labels.Add(label?.Text);

    public void PopLabel() => _labels.RemoveAt(_labels.Count - 1);

    /// <summary>The label of the innermost block (for matching <c>end $l</c>).</summary>
    public string? InnermostLabel => _labels[^1];

    /// <summary>The relative depth of the innermost enclosing block named <paramref name="name"/>.</summary>
    public bool TryResolveLabel(string name, out uint depth)
    {
        for (var i = _labels.Count - 1; i >= 0; i--)
        {
            if (_labels[i] == name)
            {
                depth = (uint)(_labels.Count - 1 - i);
                return true;
            }
        }

        depth = 0;
        return false;
    }
}
