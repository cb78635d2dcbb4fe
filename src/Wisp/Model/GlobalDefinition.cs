namespace Wisp.Model;

/// <summary>A global defined by the module (not imported).</summary>
public sealed record GlobalDefinition(GlobalType Type, ConstantExpression Initializer);
