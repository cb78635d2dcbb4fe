namespace Wisp.Tests.Loader.Binary;

/// <summary>
/// Derives malformed-looking variants of a module binary for robustness testing: bit flips, byte
/// changes, truncations, insertions and deletions, section duplication/removal/swaps, and LEB128
/// rewrites (over-long encodings, maximum and out-of-range values). Deterministic for a given
/// <see cref="Random"/> seed.
/// </summary>
internal sealed class BinaryMutator(Random random)
{
    private const int HeaderSize = 8;

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x0B, 0x40, 0x60, 0x6F, 0x70, 0x7F, 0x80, 0xFF, 0x0C, 0x0D, 0xFC, 0xD2];

    /// <summary>Applies one to three mutations; <paramref name="description"/> names them, for failure reports.</summary>
    public byte[] Mutate(byte[] seed, out string description)
    {
        var bytes = new List<byte>(seed);
        var applied = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            applied.Add(MutateOnce(bytes));
        }

        description = string.Join(", ", applied);
        return bytes.ToArray();
    }

    private string MutateOnce(List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            bytes.Add((byte)random.Next(256));
            return "grow empty";
        }

        var at = random.Next(bytes.Count);
        switch (random.Next(10))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return $"flip bit at {at}";
            case 1:
                bytes[at] = random.Next(2) == 0 ? (byte)random.Next(256) : InterestingBytes[random.Next(InterestingBytes.Length)];
                return $"set byte at {at} to {bytes[at]:x2}";
            case 2:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"truncate at {at}";
            case 3:
                {
                    var inserted = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => (byte)random.Next(256)).ToArray();
                    bytes.InsertRange(at, inserted);
                    return $"insert {inserted.Length} at {at}";
                }

            case 4:
                {
                    var length = Math.Min(1 + random.Next(8), bytes.Count - at);
                    bytes.RemoveRange(at, length);
                    return $"delete {length} at {at}";
                }

            case 5 or 6:
                return MutateSection(bytes);
            default:
                return RewriteLeb128(bytes, random.Next(3) == 0 ? at : SectionSizeOffset(bytes) ?? at);
        }
    }

    /// <summary>Duplicates, removes or swaps whole sections, found by their framing.</summary>
    private string MutateSection(List<byte> bytes)
    {
        var sections = Sections(bytes);
        if (sections.Count == 0)
        {
            return "no sections";
        }

        var (start, end) = sections[random.Next(sections.Count)];
        var section = bytes.GetRange(start, end - start);
        switch (random.Next(3))
        {
            case 0:
                {
                    var (insertAt, _) = sections[random.Next(sections.Count)];
                    bytes.InsertRange(insertAt, section);
                    return $"duplicate section at {start} before {insertAt}";
                }

            case 1:
                bytes.RemoveRange(start, end - start);
                return $"remove section at {start}";
            default:
                {
                    var (otherStart, otherEnd) = sections[random.Next(sections.Count)];
                    if (otherStart == start)
                    {
                        return "swap section with itself";
                    }

                    var (first, second) = start < otherStart ? ((start, end), (otherStart, otherEnd)) : ((otherStart, otherEnd), (start, end));
                    var firstBytes = bytes.GetRange(first.Item1, first.Item2 - first.Item1);
                    var secondBytes = bytes.GetRange(second.Item1, second.Item2 - second.Item1);
                    bytes.RemoveRange(second.Item1, secondBytes.Count);
                    bytes.InsertRange(second.Item1, firstBytes);
                    bytes.RemoveRange(first.Item1, firstBytes.Count);
                    bytes.InsertRange(first.Item1, secondBytes);
                    return $"swap sections at {first.Item1} and {second.Item1}";
                }
        }
    }

    /// <summary>Replaces the LEB128 at <paramref name="at"/> by an edge-case encoding.</summary>
    private string RewriteLeb128(List<byte> bytes, int at)
    {
        var length = 0;
        ulong value = 0;
        while (at + length < bytes.Count && length < 10)
        {
            var b = bytes[at + length];
            value |= (ulong)(b & 0x7F) << (7 * length);
            length++;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        byte[] replacement = random.Next(7) switch
        {
            0 => OverLong((uint)value, 5), // longest valid u32 encoding
            1 => OverLong((uint)value, 6), // one byte too many for u32
            2 => [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // u32 max
            3 => [0xFF, 0xFF, 0xFF, 0xFF, 0x1F], // unused bits set
            4 => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // u64 max
            5 => [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], // 11 bytes
            _ => BinaryModule.Leb128((uint)value + (uint)random.Next(-2, 3)),
        };
        bytes.RemoveRange(at, length);
        bytes.InsertRange(at, replacement);
        return $"rewrite LEB128 at {at} as {Convert.ToHexString(replacement)}";
    }

    private static byte[] OverLong(uint value, int size)
    {
        var encoded = new byte[size];
        for (var i = 0; i < size; i++)
        {
            encoded[i] = (byte)((value & 0x7F) | (i < size - 1 ? 0x80u : 0u));
            value >>= 7;
        }

        return encoded;
    }

    private int? SectionSizeOffset(List<byte> bytes)
    {
        var sections = Sections(bytes);
        return sections.Count == 0 ? null : sections[random.Next(sections.Count)].Start + 1;
    }

    /// <summary>The [start, end) of each well-framed section, stopping at the first that is not.</summary>
    private static List<(int Start, int End)> Sections(List<byte> bytes)
    {
        var sections = new List<(int, int)>();
        var position = HeaderSize;
        while (position < bytes.Count)
        {
            var start = position++;
            ulong size = 0;
            var shift = 0;
            while (true)
            {
                if (position >= bytes.Count || shift > 28)
                {
                    return sections;
                }

                var b = bytes[position++];
                size |= (ulong)(b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (size > (ulong)(bytes.Count - position))
            {
                return sections;
            }

            position += (int)size;
            sections.Add((start, position));
        }

        return sections;
    }
}
