namespace Wisp.Wast;

/// <summary>
/// The host object a script's <c>ref.extern N</c> stands for. A runner hands out one object per N, so
/// references compare by identity as the spec requires, and equal N also compare equal by value.
/// </summary>
public sealed record SpecExternReference(ulong Number)
{
    public override string ToString() => $"ref.extern {Number}";
}
