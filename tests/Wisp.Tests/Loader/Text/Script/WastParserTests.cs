using Wisp.Diagnostics;
using Wisp.Loader.Text;
using Wisp.Loader.Text.Script;
using Wisp.Model;

namespace Wisp.Tests.Loader.Text.Script;

public class WastParserTests
{
    [Fact]
    public void ParsesEveryCommandKind()
    {
        const string text = """
            (module $M (func (export "f") (param i32) (result i32) (local.get 0)))
            (register "m" $M)
            (invoke "f" (i32.const -1))
            (assert_return (invoke $M "f" (i32.const 7)) (i32.const 7))
            (assert_return (get "g") (f32.const nan:canonical))
            (assert_return (invoke "h") (f64.const nan:arithmetic) (ref.null func) (ref.extern 3) (ref.func) (ref.extern))
            (assert_trap (invoke "t" (f64.const -0x1p-1)) "integer divide by zero")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_exhaustion (invoke "loop") "call stack exhausted")
            (assert_malformed (module quote "(func" " (i32.nonsense))") "unknown operator")
            (assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
            (assert_invalid (module (func (call 10))) "unknown function")
            (assert_unlinkable (module (import "m" "nope" (func))) "unknown import")
            (assert_uninstantiable (module (memory 1) (data (i32.const 70000) "x")) "out of bounds")
            """;
        var script = WastParser.Parse(text, "t.wast");
        Assert.Equal("t.wast", script.FileName);
        Assert.Equal(Enumerable.Range(1, 14), script.Commands.Select(c => c.Line));

        var module = Assert.IsType<ModuleCommand>(script.Commands[0]);
        Assert.Equal(("$M", WastModuleKind.Text), (module.Module.Name, module.Module.Kind));
        Assert.Equal([0x00, 0x61, 0x73, 0x6D], module.Module.Binary![..4]);

        Assert.Equal(new RegisterCommand(2, "m", "$M"), script.Commands[1]);

        var invoke = Assert.IsType<InvokeAction>(Assert.IsType<ActionCommand>(script.Commands[2]).Action);
        Assert.Equal(("f", (ulong)0xFFFF_FFFF), (invoke.ExportName, invoke.Arguments[0].Bits));

        var assertReturn = Assert.IsType<AssertReturnCommand>(script.Commands[3]);
        Assert.Equal("$M", assertReturn.Action.ModuleName);
        Assert.Equal(new WastValue(ValType.I32, 7), assertReturn.Expected[0].Value);

        var nan = Assert.IsType<AssertReturnCommand>(script.Commands[4]);
        Assert.IsType<GetAction>(nan.Action);
        Assert.Equal((WastExpectedKind.CanonicalNan, ValType.F32), (nan.Expected[0].Kind, nan.Expected[0].Type));

        var refs = Assert.IsType<AssertReturnCommand>(script.Commands[5]).Expected;
        Assert.Equal(
            [WastExpectedKind.ArithmeticNan, WastExpectedKind.Exact, WastExpectedKind.Exact, WastExpectedKind.AnyFunctionReference, WastExpectedKind.AnyExternReference],
            refs.Select(r => r.Kind));
        Assert.Equal(new WastValue(ValType.FuncRef, 0, IsNull: true), refs[1].Value);
        Assert.Equal(new WastValue(ValType.ExternRef, 3), refs[2].Value);

        var trap = Assert.IsType<AssertTrapCommand>(script.Commands[6]);
        Assert.Equal(0xBFE0_0000_0000_0000UL, Assert.IsType<InvokeAction>(trap.Action).Arguments[0].Bits);
        Assert.Equal("integer divide by zero", trap.Message);
        Assert.NotNull(Assert.IsType<AssertTrapCommand>(script.Commands[7]).Module);
        Assert.IsType<AssertExhaustionCommand>(script.Commands[8]);

        var malformed = Assert.IsType<AssertMalformedCommand>(script.Commands[9]);
        Assert.Equal(WastModuleKind.Quote, malformed.Module.Kind);
        Assert.Throws<TextFormatException>(() => WatParser.ParseModule(malformed.Module.QuoteText!));

        var binary = Assert.IsType<AssertMalformedCommand>(script.Commands[10]);
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6D, 2, 0, 0, 0 }, binary.Module.Binary);

        Assert.Equal(WastModuleKind.Text, Assert.IsType<AssertInvalidCommand>(script.Commands[11]).Module.Kind);
        Assert.IsType<AssertUnlinkableCommand>(script.Commands[12]);
        Assert.IsType<AssertUninstantiableCommand>(script.Commands[13]);
    }

    [Fact]
    public void MalformedTextModulesAreKeptAsSourceForTheRunner()
    {
        var script = WastParser.Parse("(assert_malformed (module (func (br $nowhere))) \"unknown label\")", "t.wast");
        var module = Assert.IsType<AssertMalformedCommand>(script.Commands[0]).Module;
        Assert.Equal((WastModuleKind.Quote, "(module (func (br $nowhere)))"), (module.Kind, module.QuoteText));
    }

    [Fact]
    public void ParsesV128ConstantsAndLaneExpectations()
    {
        var script = WastParser.Parse("""
            (assert_return (invoke "v" (v128.const i32x4 1 2 3 -1)) (v128.const i16x8 0 1 2 3 4 5 6 0xffff))
            (assert_return (invoke "w") (v128.const f32x4 nan:canonical 1.0 nan:arithmetic -0))
            """, "simd.wast");
        var first = Assert.IsType<AssertReturnCommand>(script.Commands[0]);
        var argument = Assert.IsType<InvokeAction>(first.Action).Arguments[0];
        Assert.Equal((0x0000_0002_0000_0001UL, 0xFFFF_FFFF_0000_0003UL), (argument.Bits, argument.High));
        Assert.Equal((0x0003_0002_0001_0000UL, 0xFFFF_0006_0005_0004UL), (first.Expected[0].Value!.Bits, first.Expected[0].Value!.High));

        var lanes = Assert.IsType<AssertReturnCommand>(script.Commands[1]).Expected[0];
        Assert.Equal(WastExpectedKind.V128Lanes, lanes.Kind);
        Assert.Equal(
            [WastExpectedKind.CanonicalNan, WastExpectedKind.Exact, WastExpectedKind.ArithmeticNan, WastExpectedKind.Exact],
            lanes.Lanes!.Select(l => l.Kind));
        Assert.Equal(0x3F80_0000UL, lanes.Lanes![1].Value!.Bits);
    }

    [Fact]
    public void ParsesEither()
    {
        var script = WastParser.Parse("(assert_return (invoke \"e\") (either (i32.const 1) (i32.const 2)))", "t.wast");
        var expected = Assert.IsType<AssertReturnCommand>(script.Commands[0]).Expected[0];
        Assert.Equal(WastExpectedKind.Either, expected.Kind);
        Assert.Equal([1UL, 2UL], expected.Alternatives!.Select(a => a.Value!.Bits));
    }

    [Fact]
    public void ABareModuleIsAScriptOfOneModule()
    {
        var script = WastParser.Parse("(func) (memory 0) (func (export \"f\"))", "inline.wast");
        Assert.Equal(WastModuleKind.Text, Assert.IsType<ModuleCommand>(Assert.Single(script.Commands)).Module.Kind);
    }

    [Theory]
    [InlineData("(assert_return (invoke \"f\" (i32.const 1x)))")]
    [InlineData("(bogus)")]
    [InlineData("(module (func (br $x)))")]
    [InlineData("(assert_return (invoke \"f\")")]
    public void SyntaxErrorsAreTextFormatExceptions(string text)
    {
        Assert.Throws<TextFormatException>(() => WastParser.Parse(text, "bad.wast"));
    }
}
