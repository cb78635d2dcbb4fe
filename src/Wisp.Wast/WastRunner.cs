using Wisp.Diagnostics;
using Wisp.Loader.Text.Script;

namespace Wisp.Wast;

/// <summary>
/// Runs spec scripts (.wast) command by command and reports which commands failed. A command that
/// throws unexpectedly fails on its own; the rest of the script still runs.
/// </summary>
public sealed class WastRunner(WastRunnerOptions? options = null)
{
    public WastRunnerOptions Options { get; } = options ?? new WastRunnerOptions();

    private readonly Engine _engine = new() { GuardPages = (options ?? new WastRunnerOptions()).GuardPages };

    /// <summary>Runs the script in <paramref name="path"/>; failures name the file as given.</summary>
    public WastFileResult RunFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new WastFileResult(path, 0, [new WastFailure(path, 0, "read", "a readable script", e.Message)]);
        }

        return RunText(text, path);
    }

    /// <summary>Parses and runs script text. A script that does not parse counts as one failed command.</summary>
    public WastFileResult RunText(string text, string fileName) =>
        OnScriptThread(fileName, execution =>
        {
            WastScript script;
            try
            {
                script = WastParser.Parse(text, fileName);
            }
            catch (TextFormatException e)
            {
                execution.Fail(e.Line, "script", "a well-formed script", e.Message);
                return;
            }
            catch (Exception e)
            {
                execution.Fail(0, "script", "a well-formed script", $"{e.GetType().Name}: {e.Message}");
                return;
            }

            execution.Run(script);
        });

    /// <summary>Runs an already parsed script.</summary>
    public WastFileResult Run(WastScript script) =>
        OnScriptThread(script.FileName, execution => execution.Run(script));

    // Scripts run on their own thread so that the stack is big enough and a runaway script can be abandoned.
    private WastFileResult OnScriptThread(string fileName, Action<WastScriptExecution> body)
    {
        var execution = new WastScriptExecution(fileName, _engine, Options);
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try
            {
                body(execution);
            }
            catch (Exception e)
            {
                crash = e;
            }
        }, Options.ThreadStackSize)
        {
            IsBackground = true,
            Name = $"wast {Path.GetFileName(fileName)}",
        };
        thread.Start();
        var finished = Options.Timeout is { } timeout ? thread.Join(timeout) : thread.Join(Timeout.Infinite);
        if (!finished)
        {
            execution.Fail(execution.CurrentLine, "script", $"to finish within {Options.Timeout}", "timed out (still running this command)");
        }
        else if (crash is not null)
        {
            execution.Fail(execution.CurrentLine, "script", "to run to the end", $"{crash.GetType().Name}: {crash.Message}");
        }

        return execution.Result();
    }
}
