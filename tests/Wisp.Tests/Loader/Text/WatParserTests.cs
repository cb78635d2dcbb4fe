using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;

namespace Wisp.Tests.Loader.Text;

public class WatParserTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void EmptyModuleIsJustTheHeader()
    {
        Assert.Equal(Header, WatParser.ParseModule("(module)"));
        Assert.Equal(Header, WatParser.ParseModule(""));
    }

    [Fact]
    public void SymbolicNamesGoIntoTheNameSection()
    {
        // Custom section "name": subsection 0 (module "m"), subsection 1 (function 1 is "f").
        var expected = Hex("0061736d01000000" + "01040160000003030200000a070202000b02000b" + "000f" + "046e616d65" + "0002016d" + "0104010101" + "66");
        var wasm = WatParser.ParseModule("(module $m (func) (func $f))");
        Assert.Equal(expected, wasm);
        var names = ModuleDecoder.Decode(wasm).Names;
        Assert.NotNull(names);
        Assert.Equal("m", names.ModuleName);
        Assert.Equal("f", names.FunctionNames[1]);
        Assert.False(names.FunctionNames.ContainsKey(0));
    }

    [Fact]
    public void EncodesAFunctionWithNamedParamsAndAnExport()
    {
        var wasm = WatParser.ParseModule(
            "(module (func (export \"add\") (param $a i32) (param $b i32) (result i32) (i32.add (local.get $a) (local.get $b))))");
        Assert.Equal(
            Hex("0061736d01000000 01070160027f7f017f 03020100 0707010361646400 00 0a09010700200020016a0b"),
            wasm);
    }

    [Fact]
    public void EncodesEveryKindOfField()
    {
        // Same bytes as wat2wasm, plus the data count section (id 12) this encoder always writes with data,
        // and the name section (function names) wat2wasm writes with --debug-names.
        const string text = """
            (module
              (type $v (func))
              (import "env" "f" (func $imp (param i64)))
              (memory (export "mem") (data "hi"))
              (table $t funcref (elem $g $imp))
              (global $c (mut f32) (f32.const 1.5))
              (func $g (result i32) (local i32 i32 f64)
                (block $out (result i32)
                  (loop $top
                    (br_if $out (i32.const 7) (local.get 0))
                    (br $top))))
              (start $g2)
              (func $g2 (call_indirect (type $v) (i32.const 0))))
            """;
        var expected = Hex(
            "0061736d01000000010c0360000060017e006000017f02090103656e76016600010303020200040501700102020504010101010609017d01430000c03f0b"
            + "070701036d656d02000801020908010041000b020100" + "0c0101"
            + "0a1e021402027f017c027f0340410720000d010c000b0b0b070041001100000b0b08010041000b026869"
            + "0014046e616d65" + "010d" + "0300" + "03696d70" + "010167" + "02026732");
        Assert.Equal(expected, WatParser.ParseModule(text));
    }

    [Fact]
    public void FoldedAndFlatInstructionsEncodeAlike()
    {
        var folded = WatParser.ParseModule(
            "(func (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))");
        var flat = WatParser.ParseModule(
            "(func (param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end)");
        Assert.Equal(flat, folded);
    }

    [Fact]
    public void ImplicitTypesAreAppendedInOrderOfFirstUseAndReused()
    {
        var wasm = WatParser.ParseModule("""
            (func $f (result f64) (f64.const 0))
            (func $g (param i32))
            (func $h (result f64) (f64.const 1))
            (type $t (func (param i32)))
            """);
        // type 0 = $t (explicit), type 1 = [] -> [f64] (implicit); functions use 1, 0, 1.
        Assert.Equal(Hex("01 09 02 60017f00 6000017c"), wasm.AsSpan(8, 11).ToArray());
        Assert.Equal(Hex("03 04 03 01 00 01"), wasm.AsSpan(19, 6).ToArray());
    }

    [Fact]
    public void MultiValueBlockTypesUseATypeIndex()
    {
        var wasm = WatParser.ParseModule("(func (block (param) (result i32 i32) (i32.const 1) (i32.const 2)) drop drop)");
        // type 0 = the function, type 1 = the block's [] -> [i32 i32]; block type is s33 index 1.
        AssertContains(wasm, Hex("02 01 41 01 41 02 0b 1a 1a 0b"));
    }

    [Fact]
    public void EncodesMemArgsSelectAndBulkInstructions()
    {
        var wasm = WatParser.ParseModule("""
            (memory 1) (table 1 funcref) (elem $e func) (data $d "")
            (func
              (drop (i64.load offset=16 align=2 (i32.const 0)))
              (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
              (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))
              (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))
              (data.drop $d) (elem.drop 0)
              (drop (ref.null extern)))
            """);
        AssertContains(wasm, Hex("29 01 10"));          // i64.load align=2^1 offset=16
        AssertContains(wasm, Hex("1c 01 7f"));          // select (result i32)
        AssertContains(wasm, Hex("fc 08 00 00"));       // memory.init 0 (memory 0)
        AssertContains(wasm, Hex("fc 0c 00 00"));       // table.init elem 0 table 0
        AssertContains(wasm, Hex("fc 09 00 fc 0d 00")); // data.drop 0, elem.drop 0
        AssertContains(wasm, Hex("d0 6f 1a"));          // ref.null extern, drop
    }

    [Fact]
    public void ResolvesLabelsByDepth()
    {
        var wasm = WatParser.ParseModule("(func (block $a (block $b (br $a) (br $b) (br 0))))");
        AssertContains(wasm, Hex("0c 01 0c 00 0c 00"));
    }

    [Fact]
    public void EncodesSegmentsInTheirCompactForms()
    {
        var wasm = WatParser.ParseModule("""
            (table $t 1 funcref) (table $u 1 externref) (func $f) (memory 1)
            (elem (i32.const 0) $f)
            (elem func $f)
            (elem (table $u) (i32.const 0) externref (ref.null extern))
            (elem declare func $f)
            (data "x")
            """);
        AssertContains(wasm, Hex("00 41 00 0b 01 00"));                 // flags 0, one index
        AssertContains(wasm, Hex("01 00 01 00"));                       // passive, elemkind, one index
        AssertContains(wasm, Hex("06 01 41 00 0b 6f 01 d0 6f 0b"));     // explicit table 1, expressions
        AssertContains(wasm, Hex("03 00 01 00"));                       // declarative
    }

    [Theory]
    [InlineData("(func (br $nope))", "unknown label")]
    [InlineData("(func block $a end $b)", "mismatching label")]
    [InlineData("(func $f) (func $f)", "duplicate func")]
    [InlineData("(func (param $x i32) (local $x i32))", "duplicate local")]
    [InlineData("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "alignment")]
    [InlineData("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))", "i32 constant")]
    [InlineData("(func) (import \"\" \"\" (func))", "import after function")]
    [InlineData("(func (i32.nonsense))", "unknown operator")]
    [InlineData("(func (i32.const 4294967296) drop)", "constant out of range")]
    [InlineData("(func (f32.const 1e39) drop)", "constant out of range")]
    [InlineData("(func (i32.const) drop)", "unexpected token")]
    [InlineData("(type $t (func)) (func (type $t) (param i32))", "inline function type")]
    [InlineData("(func (type $missing))", "unknown type")]
    [InlineData("(func $a) (start $a) (start $a)", "multiple start sections")]
    [InlineData("(func (export \"\\ff\"))", "malformed UTF-8 encoding")]
    [InlineData("(func (call $nowhere))", "unknown func")]
    [InlineData("(func (result i32) (param i32) (i32.const 0))", "unexpected token")]
    [InlineData("(memory 0x1_0000_0000)", "i32 constant out of range")]
    [InlineData("(func (nop) (local i32))", "unexpected token")]
    [InlineData("(data\"a\")", "unknown operator")]
    [InlineData("(func (get_local 0))", "unknown operator get_local")]
    [InlineData("(table 0 anyfunc)", "unknown operator anyfunc")]
    public void MalformedTextIsRejectedWithTheTestsuiteWording(string text, string reason)
    {
        var error = Assert.Throws<TextFormatException>(() => WatParser.ParseModule(text));
        Assert.StartsWith(reason, error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void UnresolvedNumericIndicesAreLeftToTheValidator()
    {
        var wasm = WatParser.ParseModule("(func (type 7)) (func (call 10) (drop (global.get 3)))");
        Assert.Equal(Hex("03 03 02 07 00"), wasm.AsSpan(14, 5).ToArray()); // after the implicit type []->[]: function types 7 and 0
        Assert.Equal(Hex("10 0a 23 03 1a"), wasm.AsSpan(wasm.Length - 6, 5).ToArray());
    }

    [Fact]
    public void ErrorsCarryLineAndColumn()
    {
        var error = Assert.Throws<TextFormatException>(() => WatParser.ParseModule("(module\n  (func\n    (br $x)))", "m.wat"));
        Assert.Equal((3, 9), (error.Line, error.Column));
        Assert.StartsWith("m.wat:3:9:", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeepNestingIsRejectedWithoutOverflowingTheStack(bool folded)
    {
        const int depth = 200_000;
        var text = folded
            ? "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth + 1)
            : "(func " + string.Concat(Enumerable.Repeat("block ", depth)) + string.Concat(Enumerable.Repeat("end ", depth)) + ")";
        var error = Assert.Throws<TextFormatException>(() => WatParser.ParseModule(text));
        Assert.Equal("nesting too deep", error.Reason);
    }

    [Fact]
    public void ModeratelyDeepNestingIsFine()
    {
        const int depth = 1_000;
        var text = "(func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth + 1);
        Assert.NotEmpty(WatParser.ParseModule(text));
    }

    private static void AssertContains(byte[] module, byte[] encoding) =>
        Assert.True(module.AsSpan().IndexOf(encoding) >= 0, $"{Convert.ToHexString(encoding)} not found in {Convert.ToHexString(module)}");
}
