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
