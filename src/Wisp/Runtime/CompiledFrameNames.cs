using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Turns the CLR stack frames of compiled guest code back into Wasm function names, for trap
/// backtraces. Each compiled module's generated type is registered with its definition; the table
/// holds the types weakly, so registering does not keep collectible code alive.
/// </summary>
internal static class CompiledFrameNames
{
    /// <summary>Backtraces list at most this many frames (runaway recursion has hundreds of thousands).</summary>
    private const int MaxFrames = 64;

    private static readonly ConditionalWeakTable<Type, ModuleDefinition> Modules = new();

    public static void Register(Type generatedType, ModuleDefinition module) => Modules.AddOrUpdate(generatedType, module);

    /// <summary>
    /// Guest frames of <paramref name="exception"/>'s stack trace, innermost first, as "module!function".
    /// Inner exceptions come first: a stray .NET exception converted at the boundary, or a host
    /// function's exception, carries the frames below the point where it was wrapped.
    /// </summary>
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            chain.Insert(0, e);
        }

        var names = new List<string>();
        var omitted = 0;
        foreach (var frame in chain.SelectMany(e => new StackTrace(e, fNeedFileInfo: false).GetFrames()))
        {
            if (Describe(frame.GetMethod()) is not { } name)
            {
                continue;
            }

            if (names.Count < MaxFrames)
            {
                names.Add(name);
            }
            else
            {
                omitted++;
            }
        }

        if (omitted > 0)
        {
            names.Add($"... {omitted} more frames");
        }

        return names;
    }

    /// <summary>Whether <paramref name="method"/> is a compiled guest function (or a lazily compiled body).</summary>
    public static bool IsGuestCode(MethodBase? method) => method?.DeclaringType is { } type && Modules.TryGetValue(type, out _);

    private static string? Describe(MethodBase? method)
    {
        // Compiled functions are the generated type's methods named f{index} (see ModuleEmission).
        if (method?.DeclaringType is not { } type || !Modules.TryGetValue(type, out var module) ||
            method.Name.Length < 2 || method.Name[0] != 'f' || !uint.TryParse(method.Name.AsSpan(1), out var index))
        {
            return null;
        }

        var names = module.Names;
        var function = names?.FunctionName(index) ?? $"<wasm function {index}>";
        return $"{names?.ModuleName ?? "<module>"}!{function}";
    }
}
