namespace Wisp.Instructions;

/// <summary>What follows an opcode in the binary format (spec 5.4), and so what the text format writes after the mnemonic.</summary>
public enum ImmediateKind : byte
{
    None,

    /// <summary>blocktype: 0x40, a value type, or a type index as s33.</summary>
    BlockType,

    /// <summary>labelidx (br, br_if).</summary>
    Label,

    /// <summary>vec(labelidx) then the default labelidx (br_table).</summary>
    LabelTable,

    /// <summary>funcidx (call, ref.func).</summary>
    Function,

    /// <summary>typeidx then tableidx (call_indirect).</summary>
    CallIndirect,

    /// <summary>localidx.</summary>
    Local,

    /// <summary>globalidx.</summary>
    Global,

    /// <summary>tableidx (table.get/set/size/grow/fill).</summary>
    Table,

    /// <summary>memarg: align (log2) then offset, both u32.</summary>
    MemArg,

    /// <summary>memidx, which must be the byte 0x00 in Wasm 2.0 (memory.size/grow/fill).</summary>
    Memory,

    /// <summary>i32 as signed LEB128.</summary>
    I32,

    /// <summary>i64 as signed LEB128.</summary>
    I64,

    /// <summary>f32 as 4 little-endian bytes.</summary>
    F32,

    /// <summary>f64 as 8 little-endian bytes.</summary>
    F64,

    /// <summary>vec(valtype) (typed select; Wasm 2.0 allows exactly one).</summary>
    SelectTypes,

    /// <summary>reftype byte (ref.null).</summary>
    HeapType,

    /// <summary>elemidx then tableidx (table.init).</summary>
    TableInit,

    /// <summary>elemidx (elem.drop).</summary>
    Element,

    /// <summary>dataidx then memidx 0x00 (memory.init).</summary>
    MemoryInit,

    /// <summary>dataidx (data.drop).</summary>
    Data,

    /// <summary>two memidx bytes 0x00 0x00 (memory.copy).</summary>
    MemoryCopy,

    /// <summary>destination tableidx then source tableidx (table.copy).</summary>
    TableCopy,

    /// <summary>v128 as 16 little-endian bytes (v128.const).</summary>
    V128,

    /// <summary>One lane index byte (extract_lane, replace_lane).</summary>
    Lane,

    /// <summary>16 lane index bytes, each below 32 (i8x16.shuffle).</summary>
    Shuffle,

    /// <summary>memarg then a lane index byte (v128.loadN_lane, v128.storeN_lane).</summary>
    MemArgLane,
}
