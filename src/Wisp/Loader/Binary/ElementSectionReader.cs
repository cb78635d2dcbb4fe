using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>
/// The element section (spec 5.5.12). The flags (0-7) say three things: bit 0 passive or declarative
/// rather than active, bit 1 an explicit table index (active) or declarative (otherwise), bit 2 items
/// as expressions rather than function indices.
/// </summary>
internal static class ElementSectionReader
{
    private const uint PassiveOrDeclarativeBit = 1;
    private const uint ExplicitTableOrDeclarativeBit = 2;
    private const uint ExpressionItemsBit = 4;
    private const byte FunctionElementKind = 0x00;

    public static ElementSegment[] Read(ref ModuleCursor cursor)
    {
        var segments = new ElementSegment[cursor.ReadLength()];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = ReadSegment(ref cursor);
        }

        return segments;
    }

    private static ElementSegment ReadSegment(ref ModuleCursor cursor)
    {
        var flagsOffset = cursor.Offset;
        var flags = cursor.ReadU32();
        if (flags > 7)
        {
            throw cursor.Error("malformed elements segment kind", flagsOffset);
        }

        var mode = (flags & PassiveOrDeclarativeBit) == 0 ? SegmentMode.Active
            : (flags & ExplicitTableOrDeclarativeBit) == 0 ? SegmentMode.Passive
            : SegmentMode.Declarative;
        uint tableIndex = 0;
        ConstantExpression? offset = null;
        if (mode == SegmentMode.Active)
        {
            if ((flags & ExplicitTableOrDeclarativeBit) != 0)
            {
                tableIndex = cursor.ReadU32();
            }

            offset = cursor.ReadConstantExpression();
        }

        // Flags 0 and 4 imply funcref; the others spell out an element kind or a reference type.
        var explicitType = (flags & (PassiveOrDeclarativeBit | ExplicitTableOrDeclarativeBit)) != 0;
        if ((flags & ExpressionItemsBit) != 0)
        {
            var type = explicitType ? cursor.ReadRefType() : ValType.FuncRef;
            var items = new ConstantExpression[cursor.ReadLength()];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = cursor.ReadConstantExpression();
            }

            return new ElementSegment(type, items, mode, tableIndex, offset);
        }

        if (explicitType)
        {
            var kindOffset = cursor.Offset;
            if (cursor.ReadByte() != FunctionElementKind)
            {
                throw cursor.Error("malformed element kind", kindOffset);
            }
        }

        var indices = new uint[cursor.ReadLength()];
        var indexOffsets = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            indexOffsets[i] = cursor.Offset;
            indices[i] = cursor.ReadU32();
        }

        return new ElementSegment(ValType.FuncRef, EncodeReferenceExpressions(indices, indexOffsets), mode, tableIndex, offset)
        {
            FunctionIndices = indices,
        };
    }

    /// <summary>
    /// Items as <c>ref.func i; end</c> expressions, so that consumers see one item representation.
    /// They share one buffer; each one's offset is that of its index in the binary.
    /// </summary>
    private static ConstantExpression[] EncodeReferenceExpressions(uint[] indices, int[] indexOffsets)
    {
        var size = 0;
        foreach (var index in indices)
        {
            size += 2 + Leb128Size(index);
        }

        var buffer = new byte[size];
        var items = new ConstantExpression[indices.Length];
        var position = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            var start = position;
            buffer[position++] = (byte)Opcode.RefFunc;
            var value = indices[i];
            while (value >= 0x80)
            {
                buffer[position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[position++] = (byte)value;
            buffer[position++] = (byte)Opcode.End;
            items[i] = new ConstantExpression(buffer.AsMemory(start, position - start), indexOffsets[i]);
        }

        return items;
    }

    private static int Leb128Size(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }
}
