using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wisp.Serving.Manifest;
using Wisp.Serving.Routing;
using Wisp.Wasi;

namespace Wisp.Serving.Wagi;

/// <summary>
/// What a WAGI guest is given for one request (the WAGI spec, as Spin runs it): the component's own
/// environment, then the CGI meta-variables of RFC 3875 and WAGI's X_ ones, <c>HTTP_*</c> for each
/// request header, and argv from the component's template with <c>${SCRIPT_NAME}</c> and
/// <c>${ARGS}</c> (the query string's <c>&amp;</c>-separated parts, each URL-decoded) filled in.
/// </summary>
internal static class WagiRequest
{
    public const string ServerSoftware = "Wisp/0.1";

    public static void Configure(WasiConfiguration wasi, HttpContext context, ComponentDefinition component, RoutePattern route, in RouteMatchParts match, long contentLength)
    {
        var request = context.Request;
        var path = request.Path.Value is { Length: > 0 } decoded ? decoded : "/";
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
        var question = rawTarget.IndexOf('?');
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var scriptName = match.Consumed;
        var host = request.Host.HasValue ? request.Host.Host : "localhost";
        var port = request.Host.Port ?? context.Connection.LocalPort;
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "";

        foreach (var (name, value) in component.Environment)
        {
            wasi.WithEnvironmentVariable(name, value);
        }

        wasi.WithEnvironmentVariable("GATEWAY_INTERFACE", "CGI/1.1")
            .WithEnvironmentVariable("SERVER_SOFTWARE", ServerSoftware)
            .WithEnvironmentVariable("SERVER_PROTOCOL", request.Protocol)
            .WithEnvironmentVariable("SERVER_NAME", host)
            .WithEnvironmentVariable("SERVER_PORT", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironmentVariable("REQUEST_METHOD", request.Method)
            .WithEnvironmentVariable("SCRIPT_NAME", scriptName)
            .WithEnvironmentVariable("PATH_INFO", match.Rest)
            .WithEnvironmentVariable("PATH_TRANSLATED", match.Rest)
            .WithEnvironmentVariable("X_RAW_PATH_INFO", RawRest(rawPath, scriptName, match.Rest))
            .WithEnvironmentVariable("QUERY_STRING", query)
            .WithEnvironmentVariable("REMOTE_ADDR", remote)
            .WithEnvironmentVariable("REMOTE_HOST", remote)
            .WithEnvironmentVariable("REMOTE_USER", "")
            .WithEnvironmentVariable("AUTH_TYPE", "")
            .WithEnvironmentVariable("CONTENT_LENGTH", contentLength.ToString(CultureInfo.InvariantCulture))
            .WithEnvironmentVariable("CONTENT_TYPE", request.ContentType ?? "")
            .WithEnvironmentVariable("X_MATCHED_ROUTE", route.Text)
            .WithEnvironmentVariable("X_COMPONENT_ROUTE", route.Base)
            .WithEnvironmentVariable("X_RAW_COMPONENT_ROUTE", route.Text)
            .WithEnvironmentVariable("X_BASE_PATH", "/")
            .WithEnvironmentVariable("X_CLIENT_ADDR", $"{remote}:{context.Connection.RemotePort}")
            .WithEnvironmentVariable("X_FULL_URL", $"{request.Scheme}://{request.Host}{rawTarget}");
        foreach (var (name, value) in match.NamedSegments)
        {
            wasi.WithEnvironmentVariable("X_PATH_MATCH_" + name.ToUpperInvariant(), value);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (PassesAsVariable(name))
            {
                wasi.WithEnvironmentVariable("HTTP_" + name.ToUpperInvariant().Replace('-', '_'), values.ToString());
            }
        }

        wasi.WithArguments(Arguments(component.Argv, scriptName.Length > 0 ? scriptName : path, query));
    }

    /// <summary>argv from the template: <c>${SCRIPT_NAME}</c> one argument, <c>${ARGS}</c> one per query part.</summary>
    public static List<string> Arguments(string template, string scriptName, string query)
    {
        var arguments = new List<string>(4);
        foreach (var word in template.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "${ARGS}")
            {
                foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    arguments.Add(Uri.UnescapeDataString(part.Replace('+', ' ')));
                }
            }
            else
            {
                arguments.Add(word.Replace("${SCRIPT_NAME}", scriptName, StringComparison.Ordinal));
            }
        }

        return arguments;
    }

    // RFC 3875 4.1.18: credentials are not passed; Content-Type/Length already have their own variables.
    private static bool PassesAsVariable(string name) =>
        !name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Connection", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);

    // PATH_INFO as sent (still percent-encoded): the raw path minus as many segments as the route consumed
    private static string RawRest(string rawPath, string consumed, string rest)
    {
        if (rest.Length == 0)
        {
            return "";
        }

        var segments = consumed.Count(c => c == '/');
        var position = 0;
        for (var i = 0; i < segments && position >= 0; i++)
        {
            position = rawPath.IndexOf('/', position + 1);
        }

        return position < 0 ? rest : rawPath[position..];
    }
}
