using NeuralSharp.Data;
using static NeuralSharp.Tests.Data.IdxTestFiles;

namespace NeuralSharp.Tests.Data;

/// <summary>Damaged gzip files: each fault is one line naming the file and what is wrong, never .NET's text, and a
/// truncated download is never read as a shorter file.</summary>
public sealed class IdxGzipTests : IDisposable
{
    private static readonly byte[] Plain = Labels([.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 251))]);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_intact_file_and_a_multi_member_file_read_the_same()
    {
        byte[] one = Gzip(Plain);
        byte[] two = [.. Gzip(Plain[..1234]), .. Gzip(Plain[1234..])];
        Assert.Equal(Plain[8..].Select(b => (float)b), IdxReader.Read(_dir.Write("one.gz", one)).Values);
        Assert.Equal(Plain[8..].Select(b => (float)b), IdxReader.Read(_dir.Write("two.gz", two)).Values);
    }

    /// <summary>Valid files of every shape gzip allows, from a seed: 1–5 members split at random places, empty members
    /// among them or last (as every BGZF file ends), the optional header fields (FEXTRA, FNAME, FCOMMENT, FHCRC),
    /// levels from stored to best, and sometimes zero padding after the last member. An empty member's trailer is
    /// eight zero bytes, which its own deflate data (ending in a zero) can make appear one byte early.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Valid_files_of_every_shape_read_back_exactly(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = random.Next(4) switch { 0 => 0, 1 => random.Next(1, 20), 2 => random.Next(100, 5000), _ => random.Next(20_000, 70_000) };
            byte[] raw = Labels([.. Enumerable.Range(0, n).Select(_ => (byte)(random.Next(3) == 0 ? random.Next(256) : 7))]);
            var cuts = Enumerable.Range(0, random.Next(5)).Select(_ => random.Next(raw.Length + 1)).Order().ToList();
            var parts = cuts.Prepend(0).Zip(cuts.Append(raw.Length), (a, b) => raw[a..b]).ToList();
            if (random.Next(4) == 0)
            {
                parts.Insert(random.Next(parts.Count + 1), []);
            }

            if (random.Next(3) == 0)
            {
                parts.Add([]); // the BGZF end-of-file marker
            }

            var file = new List<byte>();
            foreach (byte[] part in parts)
            {
                file.AddRange(Member(part, random));
            }

            if (random.Next(5) == 0)
            {
                file.AddRange(new byte[random.Next(1, 600)]);
            }

            string path = _dir.Write($"valid{seed}-{trial}.gz", [.. file]);
            Assert.Equal(raw[8..].Select(b => (float)b), IdxReader.Read(path).Values);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(1)]
    public void A_file_missing_its_trailer_is_truncated(int cut)
    {
        byte[] gz = Gzip(Plain);
        Assert.Equal("truncated gzip stream (missing trailer)", Error(gz[..^cut]));
    }

    [Fact]
    public void A_wrong_crc_is_a_crc_mismatch()
    {
        byte[] gz = Gzip(Plain);
        gz[^8] ^= 0x01;
        Assert.Equal("corrupt gzip data (CRC mismatch)", Error(gz));
    }

    [Fact]
    public void A_wrong_isize_names_both_sizes()
    {
        byte[] gz = Gzip(Plain);
        gz[^4] ^= 0x01;
        Assert.Equal($"corrupt gzip data (the trailer records {Plain.Length ^ 1} bytes but the data holds {Plain.Length})", Error(gz));
    }

    [Fact]
    public void A_flipped_byte_in_a_stored_block_is_a_crc_mismatch()
    {
        byte[] gz = StoredGzip(Plain);
        gz[10 + 5 + 100] ^= 0x40;
        Assert.Equal("corrupt gzip data (CRC mismatch)", Error(gz));
    }

    [Fact]
    public void Corrupt_compressed_data_is_named_as_such_not_as_trailing_data()
    {
        byte[] gz = Gzip(Plain);
        for (int i = 12; i < gz.Length - 8; i += 97)
        {
            byte[] bad = (byte[])gz.Clone();
            bad[i] ^= 0x5A;
            string detail = Error(bad);
            Assert.True(
                detail.StartsWith("corrupt gzip data", StringComparison.Ordinal) || detail.StartsWith("truncated", StringComparison.Ordinal)
                    || detail.StartsWith("not an IDX file", StringComparison.Ordinal) || detail.StartsWith("declared size", StringComparison.Ordinal)
                    || detail.StartsWith("dimension count", StringComparison.Ordinal) || detail.StartsWith("unknown IDX element type", StringComparison.Ordinal),
                $"byte {i}: {detail}");
            Assert.DoesNotContain("trailing data", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("compression method", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Garbage_after_the_gzip_stream_is_named()
    {
        byte[] gz = [.. Gzip(Plain), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal("corrupt gzip data (10 bytes after the compressed data are not another gzip member)", Error(gz));

        // Fewer bytes than a header are garbage too, not a cut header; a cut second member's header is truncated.
        Assert.Equal("corrupt gzip data (1 bytes after the compressed data are not another gzip member)", Error([.. Gzip(Plain), 7]));
        Assert.Equal("truncated gzip stream (header of 4 bytes, 10 needed)", Error([.. Gzip(Plain), .. Gzip(Plain)[..4]]));
    }

    [Fact]
    public void A_cut_header_is_truncated()
    {
        Assert.Equal("truncated gzip stream (header of 5 bytes, 10 needed)", Error(Gzip(Plain)[..5]));
    }

    [Fact]
    public void A_directory_is_named_as_one()
    {
        string dir = _dir.File("images.gz");
        Directory.CreateDirectory(dir);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(dir));
        Assert.Equal($"{dir}: is a directory, not an IDX file", ex.Message);
    }

    /// <summary>One gzip member of <paramref name="data"/> with random optional header fields and compression level.</summary>
    private static byte[] Member(byte[] data, Random random)
    {
        byte flags = (byte)(random.Next(2) * 0x04 | random.Next(2) * 0x08 | random.Next(2) * 0x10 | random.Next(2) * 0x02);
        var header = new List<byte> { 0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 3 };
        if ((flags & 0x04) != 0)
        {
            byte[] extra = [(byte)'B', (byte)'C', 2, 0, 0, 0, .. Enumerable.Range(0, random.Next(10)).Select(_ => (byte)random.Next(256))];
            header.AddRange(BitConverter.GetBytes((ushort)extra.Length));
            header.AddRange(extra);
        }

        if ((flags & 0x08) != 0)
        {
            header.AddRange("name.idx\0"u8.ToArray());
        }

        if ((flags & 0x10) != 0)
        {
            header.AddRange("a comment\0"u8.ToArray());
        }

        if ((flags & 0x02) != 0)
        {
            header.AddRange(BitConverter.GetBytes((ushort)TestImages.Crc32([.. header])));
        }

        using var deflated = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(deflated, random.Next(3) switch
        {
            0 => System.IO.Compression.CompressionLevel.NoCompression,
            1 => System.IO.Compression.CompressionLevel.Fastest,
            _ => System.IO.Compression.CompressionLevel.SmallestSize,
        }))
        {
            deflate.Write(data);
        }

        // .NET writes nothing at all for no input; gzip(1) writes the one empty final block, 03 00.
        byte[] body = data.Length == 0 ? [0x03, 0x00] : deflated.ToArray();
        return [.. header, .. body, .. BitConverter.GetBytes(TestImages.Crc32(data)), .. BitConverter.GetBytes(data.Length)];
    }

    /// <summary>Gzip with one stored (uncompressed) deflate block, so a flipped data byte still decodes.</summary>
    private static byte[] StoredGzip(byte[] data)
    {
        uint crc = TestImages.Crc32(data); // the tests' own CRC, independent of the reader's
        byte[] len = BitConverter.GetBytes((ushort)data.Length);
        byte[] nlen = BitConverter.GetBytes((ushort)~data.Length);
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255, 1, len[0], len[1], nlen[0], nlen[1], .. data, .. BitConverter.GetBytes(crc), .. BitConverter.GetBytes(data.Length)];
    }

    private string Error(byte[] gz)
    {
        string path = _dir.Write(Guid.NewGuid().ToString("N") + ".gz", gz);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Equal($"{path}: {ex.Detail}", ex.Message);
        return ex.Detail;
    }
}
