using Wisp.Instructions;

namespace Wisp.Loader.Text;

// The immediates of SIMD instructions: v128.const in every lane shape, lane indices, shuffle masks.
internal sealed partial class ModuleParser
{
    /// <summary><c>v128.const shape literal*</c>: the shape fixes how many literals follow and how each is read.</summary>
    private void ParseV128Constant(WasmWriter w, OpcodeInfo info)
    {
        var shape = _cursor.Current;
        var (laneBits, isFloat) = shape.Kind == TokenKind.Keyword
            ? shape.Text switch
            {
                "i8x16" => (8, false),
                "i16x8" => (16, false),
                "i32x4" => (32, false),
                "i64x2" => (64, false),
                "f32x4" => (32, true),
                "f64x2" => (64, true),
                _ => (0, false),
            }
            : (0, false);
        if (laneBits == 0)
        {
            throw _cursor.Error(shape, "unexpected token");
        }

        _cursor.Next();
        var laneCount = 128 / laneBits;

        // The reference parser counts the literals before reading any of them.
        for (var i = 0; i < laneCount; i++)
        {
            if (_cursor.Peek(i).Kind is TokenKind.LeftParen or TokenKind.RightParen or TokenKind.EndOfFile)
            {
                throw _cursor.Error(_cursor.Peek(i), "wrong number of lane literals");
            }
        }

        UInt128 value = 0;
        var mask = laneBits == 64 ? ulong.MaxValue : (1UL << laneBits) - 1;
        for (var i = 0; i < laneCount; i++)
        {
            var lane = isFloat ? ParseFloatConstant(laneBits) : ParseIntegerConstant(laneBits);
            value |= (UInt128)(lane & mask) << (i * laneBits);
        }

        if (_cursor.Current.Kind == TokenKind.Number)
        {
            throw _cursor.Error("wrong number of lane literals");
        }

        WriteOpcode(w, info);
        w.FixedU64((ulong)value);
        w.FixedU64((ulong)(value >> 64));
    }

    /// <summary>
    /// An unsigned lane index that must fit in a byte; whether it names a lane is the validator's question.
    /// A lane operator's index that is no integer at all is an unexpected token; a shuffle calls every bad index malformed.
    /// </summary>
    private byte ParseLaneIndex(bool anyFailureIsMalformed)
    {
        var token = _cursor.Current;
        var status = token.Kind is TokenKind.Number or TokenKind.Keyword
            ? IntegerLiteral.TryParseUnsigned(token.Text, 8, out var lane)
            : throw _cursor.Error(token, "unexpected token");
        if (status == LiteralStatus.Ok)
        {
            _cursor.Next();
            return (byte)lane;
        }

        throw _cursor.Error(token, status == LiteralStatus.OutOfRange || anyFailureIsMalformed ? "malformed lane index" : "unexpected token");
    }

    private void ParseLaneOperator(WasmWriter w, OpcodeInfo info)
    {
        var lane = ParseLaneIndex(anyFailureIsMalformed: false);
        WriteOpcode(w, info);
        w.Byte(lane);
    }

    /// <summary><c>i8x16.shuffle</c> takes exactly 16 lane indices.</summary>
    private void ParseShuffle(WasmWriter w, OpcodeInfo info)
    {
        Span<byte> lanes = stackalloc byte[16];
        for (var i = 0; i < lanes.Length; i++)
        {
            if (_cursor.Current.Kind is TokenKind.LeftParen or TokenKind.RightParen or TokenKind.EndOfFile)
            {
                throw _cursor.Error("invalid lane length");
            }

            lanes[i] = ParseLaneIndex(anyFailureIsMalformed: true);
        }

        if (_cursor.Current.Kind == TokenKind.Number)
        {
            throw _cursor.Error("invalid lane length");
        }

        WriteOpcode(w, info);
        w.Bytes(lanes);
    }

    /// <summary><c>v128.loadN_lane</c> / <c>v128.storeN_lane</c>: a memarg, then the lane index.</summary>
    private void ParseMemArgLane(WasmWriter w, OpcodeInfo info)
    {
        ParseMemArg(w, info);
        w.Byte(ParseLaneIndex(anyFailureIsMalformed: false));
    }
}
