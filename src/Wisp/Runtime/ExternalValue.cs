using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Something a module can import or export (spec 4.2.12 "external values"): a function, table,
/// memory or global instance. Instances are owned by a store and may be shared between module instances.
/// </summary>
public abstract class ExternalValue
{
    public abstract ExternalKind Kind { get; }
}
