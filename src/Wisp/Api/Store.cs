namespace Wisp;

/// <summary>
/// One tenant's world: the instances and host objects created for it. Stores are not thread-safe;
/// give each concurrent request or tenant its own. Disposing releases the memories created with
/// <see cref="Memory(Store, uint, uint?)"/> at once; memories an instance defines are released when
/// collected, since another store may have imported them.
/// </summary>
public sealed class Store : IDisposable
{
    private readonly List<Instance> _instances = [];
    private readonly List<IDisposable> _owned = [];

    public Store(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    public Engine Engine { get; }

    /// <summary>Every instance created in this store, oldest first.</summary>
    public IReadOnlyList<Instance> Instances => _instances;

    internal void Add(Instance instance) => _instances.Add(instance);

    internal void Own(IDisposable resource) => _owned.Add(resource);

    public void Dispose()
    {
        foreach (var resource in _owned)
        {
            resource.Dispose();
        }

        _owned.Clear();
        _instances.Clear();
    }
}
