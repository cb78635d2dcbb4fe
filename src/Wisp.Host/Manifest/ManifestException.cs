namespace Wisp.Serving.Manifest;

/// <summary>A manifest that cannot be served: the message names the file, the line and the key.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string message)
        : base(message)
    {
    }

    public ManifestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
