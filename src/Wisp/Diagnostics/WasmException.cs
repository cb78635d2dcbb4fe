namespace Wisp.Diagnostics;

/// <summary>The base of every exception Wisp raises on purpose. Anything else escaping is a bug.</summary>
public abstract class WasmException(string message, Exception? inner = null) : Exception(message, inner);
