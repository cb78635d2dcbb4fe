using Wisp.Wast;

namespace Wisp.Tests.Wast;

public class WastRunnerTests
{
    private static WastFileResult Run(string script, bool checkMessages = true) =>
        new WastRunner(new WastRunnerOptions { CheckErrorMessages = checkMessages }).RunText(script, "inline.wast");

    [Fact]
    public void EveryKindOfAssertionCanPass()
    {
        var result = Run("""
            (module $M
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
              (func $loop (export "loop") (call $loop))
              (global (export "g") i64 (i64.const -3)))
            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
            (assert_return (get "g") (i64.const -3))
            (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
            (assert_exhaustion (invoke "loop") "call stack exhausted")
            (invoke $M "add" (i32.const 0) (i32.const 0))
            (assert_invalid (module (func (result i32))) "type mismatch")
            (assert_malformed (module quote "(func (i32.bogus))") "unknown operator")
            (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
            (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_uninstantiable (module (func $s unreachable) (start $s)) "unreachable")
            """);

        Assert.Empty(result.Failures);
        Assert.Equal(12, result.Passed);
        Assert.Equal("inline.wast: 12 passed, 0 failed", result.Summary);
    }

    [Fact]
    public void AWrongResultIsReportedWithFileLineCommandAndBothValues()
    {
        var result = Run("""
            (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))

            (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
            (assert_trap (invoke "add" (i32.const 1) (i32.const 2)) "unreachable")
            """);

        Assert.Equal(1, result.Passed);
        Assert.Equal(
            [
                "inline.wast:3: assert_return (invoke \"add\" (i32.const 1) (i32.const 2)): expected i32.const 4, got i32.const 3",
                "inline.wast:4: assert_trap (invoke \"add\" (i32.const 1) (i32.const 2)): expected trap \"unreachable\", got return i32.const 3",
            ],
            result.Failures.Select(f => f.ToString()));
    }

    [Fact]
    public void AFailedModuleFailsLaterCommandsWithoutAbortingTheScript()
    {
        var result = Run("""
            (module (func (export "one") (result i32) (i32.const 1)))
            (module (func (export "one") (result i32)))
            (assert_return (invoke "one") (i32.const 1))
            (module (func (export "two") (result i32) (i32.const 2)))
            (assert_return (invoke "two") (i32.const 2))
            """);

        Assert.Equal(3, result.Passed);
        Assert.Equal([2, 3], result.Failures.Select(f => f.Line));
        Assert.Contains("module at line 2 failed", result.Failures[1].Got);
    }

    [Fact]
    public void ModulesAreRegisteredAndNamedAndSpectestIsAvailable()
    {
        var result = Run("""
            (module $A
              (import "spectest" "global_i32" (global $g i32))
              (import "spectest" "print_i32" (func $print (param i32)))
              (import "spectest" "memory" (memory 1 2))
              (import "spectest" "table" (table 10 20 funcref))
              (func (export "g") (result i32) (call $print (global.get $g)) (global.get $g)))
            (register "a" $A)
            (module $B
              (import "a" "g" (func $g (result i32)))
              (func (export "twice") (result i32) (i32.add (call $g) (call $g))))
            (assert_return (invoke "twice") (i32.const 1332))
            (assert_return (invoke $A "g") (i32.const 666))
            (assert_return (get $B "missing") (i32.const 0))
            """);

        Assert.Equal(5, result.Passed);
        Assert.Equal([13], result.Failures.Select(f => f.Line));
    }

    [Fact]
    public void NanPatternsAndExternReferencesAreCompared()
    {
        var result = Run("""
            (module
              (func (export "nan") (result f32) (f32.const nan))
              (func (export "arith") (result f64) (f64.const nan:0xc000000000000))
              (func (export "id") (param externref) (result externref) (local.get 0)))
            (assert_return (invoke "nan") (f32.const nan:canonical))
            (assert_return (invoke "arith") (f64.const nan:arithmetic))
            (assert_return (invoke "arith") (f64.const nan:canonical))
            (assert_return (invoke "id" (ref.extern 1)) (ref.extern 1))
            (assert_return (invoke "id" (ref.extern 1)) (ref.extern 2))
            (assert_return (invoke "id" (ref.null extern)) (ref.null extern))
            """);

        Assert.Equal([7, 9], result.Failures.Select(f => f.Line));
        Assert.Equal(5, result.Passed);
    }

    [Fact]
    public void MessageChecksCanBeRelaxedButNotTheFailureKind()
    {
        const string script = """
            (assert_invalid (module (func (result i32))) "something else")
            (assert_malformed (module quote "(func (i32.bogus))") "something else")
            (assert_invalid (module binary "\00asm\02\00\00\00") "unknown binary version")
            """;

        var strict = Run(script);
        var relaxed = Run(script, checkMessages: false);

        Assert.Equal([1, 2, 3], strict.Failures.Select(f => f.Line));
        Assert.Equal(2, relaxed.Passed);
        Assert.Equal([3], relaxed.Failures.Select(f => f.Line));
        Assert.Contains("got invalid \"", strict.Failures[0].ToString());
    }

    [Fact]
    public void AScriptThatDoesNotParseIsOneFailure()
    {
        var result = Run("(module (func)) (assert_return");

        Assert.Equal(0, result.Passed);
        Assert.Single(result.Failures);
    }
}
