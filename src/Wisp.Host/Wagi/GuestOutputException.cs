namespace Wisp.Serving.Wagi;

/// <summary>
/// Thrown from the guest's stdout to stop it: its output broke the rules (too large, a bad header
/// block) or the client stopped taking it. It unwinds the guest like a trap (as a host error).
/// </summary>
internal sealed class GuestOutputException(string message) : Exception(message);
