namespace Wisp.Serving.Wagi;

/// <summary>The response a guest's CGI header block asks for: a status and the headers to pass on.</summary>
internal sealed record CgiHeaders(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers);
