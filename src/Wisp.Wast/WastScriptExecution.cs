using Wisp.Diagnostics;
using Wisp.Loader.Text.Script;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wast;

/// <summary>
/// The state of one script run: its store, the registered and named modules, the current module and
/// the tally of passed and failed commands.
/// </summary>
internal sealed class WastScriptExecution
{
    private readonly string _fileName;
    private readonly Engine _engine;
    private readonly WastRunnerOptions _options;
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Dictionary<string, ModuleSlot> _named = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, SpecExternReference> _externs = [];
    private readonly ExpectedResultMatcher _matcher;
    private readonly Lock _tally = new();
    private readonly List<WastFailure> _failures = [];
    private ModuleSlot? _current;
    private int _passed;
    private volatile int _currentLine;

    public WastScriptExecution(string fileName, Engine engine, WastRunnerOptions options)
    {
        _fileName = fileName;
        _engine = engine;
        _options = options;
        _store = new Store(engine);
        // Scripts may register a name again; the later registration wins, as in the reference interpreter.
        _linker = new Linker(engine) { AllowShadowing = true };
        SpecTestModule.Define(_linker, _store, options.PrintOutput);
        _matcher = new ExpectedResultMatcher(ExternReference);
    }

    /// <summary>The line of the command running now (for timeout reports).</summary>
    public int CurrentLine => _currentLine;

    public void Run(WastScript script)
    {
        try
        {
            foreach (var command in script.Commands)
            {
                Execute(command);
            }
        }
        finally
        {
            _store.Dispose();
        }
    }

    public void Fail(int line, string command, string expected, string got)
    {
        lock (_tally)
        {
            _failures.Add(new WastFailure(_fileName, line, command, expected, got));
        }
    }

    public WastFileResult Result()
    {
        lock (_tally)
        {
            return new WastFileResult(_fileName, _passed, [.. _failures]);
        }
    }

    private void Execute(WastCommand command)
    {
        _currentLine = command.Line;
        Mismatch? mismatch;
        try
        {
            mismatch = command switch
            {
                ModuleCommand c => Define(c),
                RegisterCommand c => Register(c),
                ActionCommand c => Act(c),
                AssertReturnCommand c => AssertReturn(c),
                AssertTrapCommand c => AssertTrap(c),
                AssertExhaustionCommand c => AssertExhaustion(c),
                AssertMalformedCommand c => AssertMalformed(c),
                AssertInvalidCommand c => AssertInvalid(c),
                AssertUnlinkableCommand c => AssertUnlinkable(c),
                AssertUninstantiableCommand c => AssertUninstantiable(c),
                _ => new Mismatch("a known command", $"unsupported command {command.GetType().Name}"),
            };
        }
        catch (Exception e)
        {
            mismatch = new Mismatch(WastCommandText.Expectation(command), Describe(e));
        }

        if (mismatch is null)
        {
            lock (_tally)
            {
                _passed++;
            }
        }
        else
        {
            Fail(command.Line, WastCommandText.Describe(command), mismatch.Expected, mismatch.Got);
        }
    }

    private Mismatch? Define(ModuleCommand command)
    {
        ModuleSlot slot;
        try
        {
            slot = new ModuleSlot(Instantiate(command.Module, command.Line), null);
        }
        catch (Exception e)
        {
            // Later commands against this module fail with this reason instead of hitting an older module.
            slot = new ModuleSlot(null, $"module at line {command.Line} failed: {Describe(e)}");
            Install(command.Module, slot);
            throw;
        }

        Install(command.Module, slot);
        return null;
    }

    private void Install(WastModule module, ModuleSlot slot)
    {
        _current = slot;
        if (module.Name is { } name)
        {
            _named[name] = slot;
        }
    }

    private Mismatch? Register(RegisterCommand command)
    {
        _linker.DefineInstance(_store, command.As, Resolve(command.ModuleName));
        return null;
    }

    private Mismatch? Act(ActionCommand command)
    {
        Perform(command.Action);
        return null;
    }

    private Mismatch? AssertReturn(AssertReturnCommand command)
    {
        var results = Perform(command.Action);
        var expected = command.Expected;
        var matches = results.Length == expected.Count;
        for (var i = 0; matches && i < results.Length; i++)
        {
            matches = _matcher.Matches(expected[i], results[i]);
        }

        return matches ? null : new Mismatch(WastValueText.Of(expected), WastValueText.Of(results));
    }

    private Mismatch? AssertTrap(AssertTrapCommand command)
    {
        try
        {
            if (command.Action is { } action)
            {
                var results = Perform(action);
                return new Mismatch($"trap \"{command.Message}\"", $"return {WastValueText.Of(results)}");
            }

            Instantiate(command.Module ?? throw new InvalidOperationException("assert_trap without action or module"), command.Line);
            return new Mismatch($"trap \"{command.Message}\"", "module instantiated");
        }
        catch (TrapException e)
        {
            return TrapMatches(e, command.Message);
        }
    }

    private Mismatch? AssertExhaustion(AssertExhaustionCommand command)
    {
        try
        {
            var results = Perform(command.Action);
            return new Mismatch($"exhaustion \"{command.Message}\"", $"return {WastValueText.Of(results)}");
        }
        catch (TrapException e) when (e.Code == TrapCode.CallStackExhausted)
        {
            return TrapMatches(e, command.Message);
        }
    }

    private Mismatch? AssertUninstantiable(AssertUninstantiableCommand command)
    {
        try
        {
            Instantiate(command.Module, command.Line);
            return new Mismatch($"trap \"{command.Message}\"", "module instantiated");
        }
        catch (TrapException e)
        {
            return TrapMatches(e, command.Message);
        }
    }

    private static Mismatch? TrapMatches(TrapException trap, string expected) =>
        trap.Message.Contains(expected, StringComparison.Ordinal)
            ? null
            : new Mismatch($"trap \"{expected}\"", $"trap \"{trap.Message}\"");

    private Mismatch? AssertMalformed(AssertMalformedCommand command)
    {
        var expected = $"malformed \"{command.Message}\"";
        try
        {
            Load(command.Module, command.Line);
            return new Mismatch(expected, "module loaded");
        }
        catch (MalformedModuleException e)
        {
            return MessageMatches(expected, command.Message, "malformed", e.Reason);
        }
        catch (TextFormatException e) when (command.Module.Kind == WastModuleKind.Quote)
        {
            return MessageMatches(expected, command.Message, "malformed", e.Reason);
        }
    }

    private Mismatch? AssertInvalid(AssertInvalidCommand command)
    {
        var expected = $"invalid \"{command.Message}\"";
        try
        {
            Load(command.Module, command.Line);
            return new Mismatch(expected, "module loaded");
        }
        catch (InvalidModuleException e)
        {
            return MessageMatches(expected, command.Message, "invalid", e.Reason);
        }
        catch (TextFormatException e) when (command.Module.Kind == WastModuleKind.Quote)
        {
            // Some invalid modules (unknown names) can only be reported by the text parser.
            return MessageMatches(expected, command.Message, "invalid", e.Reason);
        }
    }

    private Mismatch? AssertUnlinkable(AssertUnlinkableCommand command)
    {
        var expected = $"unlinkable \"{command.Message}\"";
        try
        {
            Instantiate(command.Module, command.Line);
            return new Mismatch(expected, "module instantiated");
        }
        catch (LinkException e)
        {
            return MessageMatches(expected, command.Message, "unlinkable", e.Reason);
        }
    }

    private Mismatch? MessageMatches(string expected, string expectedMessage, string kind, string reason) =>
        !_options.CheckErrorMessages || reason.Contains(expectedMessage, StringComparison.Ordinal)
            ? null
            : new Mismatch(expected, $"{kind} \"{reason}\"");

    private Module Load(WastModule module, int line)
    {
        var name = module.Name ?? $"{Path.GetFileName(_fileName)}:{line}";
        return module.Kind == WastModuleKind.Quote
            ? Module.FromText(_engine, name, module.QuoteText ?? "")
            : Module.FromBytes(_engine, name, module.Binary ?? []);
    }

    private Instance Instantiate(WastModule module, int line) => _linker.Instantiate(_store, Load(module, line));

    private Instance Resolve(string? moduleName)
    {
        var slot = moduleName is null
            ? _current ?? throw new InvalidOperationException("no module has been defined")
            : _named.GetValueOrDefault(moduleName) ?? throw new InvalidOperationException($"unknown module {moduleName}");
        return slot.Instance ?? throw new InvalidOperationException(slot.Failure);
    }

    private Value[] Perform(WastAction action)
    {
        var instance = Resolve(action.ModuleName);
        switch (action)
        {
            case InvokeAction invoke:
                var function = instance.GetFunction(invoke.ExportName)
                    ?? throw new InvalidOperationException($"no exported function \"{invoke.ExportName}\"");
                return function.Invoke([.. invoke.Arguments.Select(ToValue)]);
            default:
                var global = instance.GetGlobal(action.ExportName)
                    ?? throw new InvalidOperationException($"no exported global \"{action.ExportName}\"");
                return [global.Value];
        }
    }

    private Value ToValue(WastValue value) => value.Type switch
    {
        ValType.I32 => Value.FromInt32((int)value.Bits),
        ValType.I64 => Value.FromInt64((long)value.Bits),
        ValType.F32 => Value.FromSingleBits((uint)value.Bits),
        ValType.F64 => Value.FromDoubleBits(value.Bits),
        ValType.V128 => Value.FromV128(value.Bits, value.High),
        ValType.ExternRef => value.IsNull ? Value.NullOf(ValType.ExternRef) : Value.FromExtern(ExternReference(value.Bits)),
        ValType.FuncRef when value.IsNull => Value.NullOf(ValType.FuncRef),
        _ => throw new NotSupportedException($"cannot pass {WastValueText.Of(value)} as an argument"),
    };

    private SpecExternReference ExternReference(ulong number)
    {
        if (!_externs.TryGetValue(number, out var reference))
        {
            reference = new SpecExternReference(number);
            _externs[number] = reference;
        }

        return reference;
    }

    private static string Describe(Exception e) => e switch
    {
        MalformedModuleException m => $"malformed \"{m.Reason}\" at offset 0x{m.Offset:x}",
        InvalidModuleException i => $"invalid \"{i.Reason}\" at offset 0x{i.Offset:x}",
        TextFormatException t => $"text format error \"{t.Reason}\" at {t.Line}:{t.Column}",
        LinkException l => $"unlinkable \"{l.Reason}\"",
        TrapException t => $"trap \"{t.Message}\"",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>A defined module: its instance, or why defining it failed.</summary>
    private sealed record ModuleSlot(Instance? Instance, string? Failure);

    private sealed record Mismatch(string Expected, string Got);
}
