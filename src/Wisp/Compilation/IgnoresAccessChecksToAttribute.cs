namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognised by the runtime by name: an assembly carrying it may use the named assembly's internals.
/// Applied to each emitted module assembly so generated IL can read <c>Wisp.Core</c>'s internal
/// runtime types (instance context, throw helpers) without making them public API.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
