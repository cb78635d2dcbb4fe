using Wisp.Compilation;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;
using Wisp.Runtime;
using Wisp.Validation;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class LocalTests
{
    /// <summary>
    /// A function with few locals skips the JIT's zeroing of IL locals and zeroes its Wasm locals with
    /// stores; one with many (over 64) leaves it to the JIT. "dirty" fills many locals of every type
    /// (enough that some live on the stack); "fresh", called next at the same depth, overlays its
    /// frame and must still see zeros. Both ways must also survive a persisted image (the cache).
    /// </summary>
    [Theory]
    [InlineData(9, false)]
    [InlineData(12, false)]
    [InlineData(9, true)]
    [InlineData(12, true)]
    public void LocalsOfEveryTypeStartAtZeroWhateverTheStackHeld(int perType, bool fromImage)
    {
        var locals = string.Join(" ", Enumerable.Repeat("i32 i64 f32 f64 v128 externref funcref", perType));
        var fill = string.Concat(Enumerable.Range(0, perType).Select(i =>
        {
            var b = 1 + (i * 7); // local 0 is the parameter
            return $"""
                (local.set {b} (i32.const -1)) (local.set {b + 1} (i64.const -1))
                (local.set {b + 2} (f32.const -1)) (local.set {b + 3} (f64.const -1))
                (local.set {b + 4} (v128.const i64x2 -1 -1)) (local.set {b + 5} (local.get $p))
                (local.set {b + 6} (ref.func $dirty))
                """;
        }));
        var nonZero = string.Join(" ", Enumerable.Range(0, perType).Select(i =>
        {
            var b = 1 + (i * 7); // local 0 is the parameter
            return $"""
                (i32.or (i32.ne (local.get {b}) (i32.const 0)))
                (i32.or (i64.ne (local.get {b + 1}) (i64.const 0)))
                (i32.or (i32.ne (i32.reinterpret_f32 (local.get {b + 2})) (i32.const 0)))
                (i32.or (i64.ne (i64.reinterpret_f64 (local.get {b + 3})) (i64.const 0)))
                (i32.or (v128.any_true (local.get {b + 4})))
                (i32.or (i32.eqz (ref.is_null (local.get {b + 5}))))
                (i32.or (i32.eqz (ref.is_null (local.get {b + 6}))))
                """;
        }));
        var wat = $$"""
            (module
              (elem declare func $dirty)
              (func $dirty (export "dirty") (param $p externref) (result i32)
                (local {{locals}})
                {{fill}}
                (i32.const 0) {{nonZero}})
              (func $fresh (export "fresh") (param $p externref) (result i32)
                (local {{locals}})
                (i32.const 0) {{nonZero}}))
            """;
        var instance = fromImage ? InstantiateFromImage(wat) : Instantiate(wat);

        var reference = Value.FromExtern(new object());
        Assert.Equal(1, instance.CallI32("dirty", reference));
        Assert.Equal(0, instance.CallI32("fresh", reference));
    }

    private static ModuleInstance InstantiateFromImage(string wat)
    {
        var module = ModuleDecoder.Decode(WatParser.ParseModule(wat));
        ModuleValidator.Validate(module);
        var compiled = ModuleCompiler.Load(module, ModuleCompiler.CompileToImage(module, CodeGenerationOptions.Default));
        return compiled.Instantiate([]);
    }
}
