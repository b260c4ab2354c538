using System.Buffers.Binary;
using NeuralSharp.Data;
using NeuralSharp.Tensors;
using static NeuralSharp.Tests.Data.IdxTestFiles;

namespace NeuralSharp.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_an_unsigned_byte_3d_file_plain_and_gzipped(bool gzipped)
    {
        byte[] data = Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray();
        byte[] file = Idx(0x08, [2, 2, 3], data);
        string path = _dir.Write(gzipped ? "a.gz" : "a", gzipped ? Gzip(file) : file);

        IdxArray a = IdxReader.Read(path);

        Assert.Equal(IdxDataType.UnsignedByte, a.DataType);
        Assert.Equal([2, 2, 3], a.Shape);
        Assert.Equal(2, a.Count);
        Assert.Equal(data.Select(b => (float)b).ToArray(), a.Values);
        Tensor t = a.ToTensor();
        Assert.Equal(3, t.Shape.Rank);
        Assert.Equal(220f, t[11]);
    }

    [Fact]
    public void Gzip_is_detected_by_magic_not_by_name()
    {
        string path = _dir.Write("looks-plain-idx1-ubyte", Gzip(Labels(3, 1, 4)));
        Assert.Equal([3f, 1f, 4f], IdxReader.Read(path).Values);
    }

    [Theory]
    [InlineData(0x09, IdxDataType.SignedByte)]
    [InlineData(0x0B, IdxDataType.Int16)]
    [InlineData(0x0C, IdxDataType.Int32)]
    [InlineData(0x0D, IdxDataType.Float32)]
    [InlineData(0x0E, IdxDataType.Float64)]
    public void Reads_every_element_type_big_endian(byte type, IdxDataType expected)
    {
        float[] values = [-5f, 100f, -2.5f];
        byte[] data = type switch
        {
            0x09 => [unchecked((byte)-5), 100, unchecked((byte)-2)],
            0x0B => Be(values, 2, (s, v) => BinaryPrimitives.WriteInt16BigEndian(s, (short)Math.Truncate(v))),
            0x0C => Be(values, 4, (s, v) => BinaryPrimitives.WriteInt32BigEndian(s, (int)Math.Truncate(v))),
            0x0D => Be(values, 4, BinaryPrimitives.WriteSingleBigEndian),
            _ => Be(values, 8, (s, v) => BinaryPrimitives.WriteDoubleBigEndian(s, v)),
        };
        string path = _dir.Write("t", Idx(type, [3], data));

        IdxArray a = IdxReader.Read(path);

        Assert.Equal(expected, a.DataType);
        float[] want = type is 0x0D or 0x0E ? values : [-5f, 100f, -2f];
        Assert.Equal(want, a.Values);
    }

    [Fact]
    public void Int16_uses_big_endian_byte_order()
    {
        string path = _dir.Write("s", Idx(0x0B, [2], [0x01, 0x02, 0xFF, 0xFE]));
        Assert.Equal([258f, -2f], IdxReader.Read(path).Values);
    }

    [Fact]
    public void Bad_magic_is_rejected_naming_the_file()
    {
        string path = _dir.Write("bad", [0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7]);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not an IDX file", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Unknown_type_is_rejected()
    {
        string path = _dir.Write("type", Idx(0x0A, [1], [7]));
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Contains("unknown IDX element type 0x0A", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Dimension_count_outside_1_to_4_is_rejected(int rank)
    {
        string path = _dir.Write("rank", Idx(0x08, Enumerable.Repeat(1u, rank).ToArray(), [1]));
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Contains($"dimension count must be 1 to 4, got {rank}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Huge_declared_sizes_fail_fast_without_allocating(bool gzipped)
    {
        byte[] file = Idx(0x08, [65535, 65535, 65535, 65535], [1, 2, 3]);
        string path = _dir.Write("huge", gzipped ? Gzip(file) : file);
        IdxReader.Read(_dir.Write("warm", Labels(1))); // JIT and first-use allocations out of the way

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("65535×65535×65535×65535", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_gzip_file_declaring_far_more_than_it_holds_does_not_allocate_the_declared_size()
    {
        // 2^30 elements declared (4 GiB as float32), 10 bytes present.
        string path = _dir.Write("liar.gz", Gzip(Idx(0x08, [1u << 30], new byte[10])));
        IdxReader.Read(_dir.Write("warm", Labels(1)));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains($"truncated: expected {1L << 30} bytes of data, got 10", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void MaxElements_limit_is_honoured()
    {
        string path = _dir.Write("ten", Labels(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        Assert.Equal(10, IdxReader.Read(path, maxElements: 10).Values.Length);
        Assert.Throws<DataException>(() => IdxReader.Read(path, maxElements: 9));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_data_is_reported_with_expected_and_actual_sizes(bool gzipped)
    {
        byte[] file = Idx(0x0B, [2, 3], new byte[10]); // 12 bytes declared
        string path = _dir.Write("short", gzipped ? Gzip(file) : file);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Equal($"{path}: truncated: expected 12 bytes of data, got 10", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_data_is_an_error(bool gzipped)
    {
        byte[] file = Idx(0x08, [3], [1, 2, 3, 4]);
        string path = _dir.Write("long", gzipped ? Gzip(file) : file);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Contains("trailing data", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        string path = _dir.Write("empty", []);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Equal($"{path}: empty file", ex.Message);
    }

    [Fact]
    public void Truncated_header_is_an_error()
    {
        string path = _dir.Write("head", [0, 0, 8, 3, 0, 0, 0, 1]);
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Contains("truncated header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_stream_is_an_error()
    {
        var random = new Random(5);
        var data = new byte[20_000];
        random.NextBytes(data);
        byte[] gz = Gzip(Idx(0x08, [20_000], data));
        string path = _dir.Write("cut.gz", gz[..(gz.Length / 2)]);

        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Matches("truncated|corrupt gzip", ex.Message);
    }

    [Fact]
    public void Missing_file_is_a_data_error()
    {
        string path = _dir.File("nope");
        var ex = Assert.Throws<DataException>(() => IdxReader.Read(path));
        Assert.Equal(path + ": no such file", ex.Message);
    }

    [Fact]
    public void LoadImages_flattens_and_scales_to_unit_range()
    {
        byte[] pixels = [0, 255, 51, 102, 0, 0, 0, 0];
        string path = _dir.Write("img", Idx(0x08, [2, 2, 2], pixels));

        Tensor x = IdxReader.LoadImages(path);

        Assert.Equal(2, x.Rows);
        Assert.Equal(4, x.RowSize);
        Assert.Equal(0f, x[0, 0]);
        Assert.Equal(1f, x[0, 1]);
        Assert.Equal(51 / 255f, x[0, 2]);
        Assert.Equal(102 / 255f, x[0, 3]);
    }

    [Fact]
    public void LoadImages_rejects_non_byte_data()
    {
        string path = _dir.Write("f", Idx(0x0D, [1, 1, 1], new byte[4]));
        var ex = Assert.Throws<DataException>(() => IdxReader.LoadImages(path));
        Assert.Contains("unsigned bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadLabels_gives_a_column_of_class_indices()
    {
        string path = _dir.Write("lab", Labels(9, 0, 3));
        Tensor y = IdxReader.LoadLabels(path);
        Assert.Equal(3, y.Rows);
        Assert.Equal(1, y.RowSize);
        Assert.Equal([9f, 0f, 3f], y.ToArray());
    }

    [Fact]
    public void LoadLabels_rejects_more_than_one_dimension()
    {
        string path = _dir.Write("lab2", Idx(0x08, [1, 2], [1, 2]));
        Assert.Throws<DataException>(() => IdxReader.LoadLabels(path));
    }

    [Fact]
    public void LoadPair_checks_that_image_and_label_counts_match()
    {
        string images = _dir.Write("img", Images(3, 2, 2, i => (byte)i));
        string labels = _dir.Write("lab", Labels(1, 2));

        var ex = Assert.Throws<DataException>(() => IdxReader.LoadPair(images, labels));
        Assert.StartsWith(labels + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 images", ex.Message, StringComparison.Ordinal);

        string labels3 = _dir.Write("lab3", Labels(1, 2, 0));
        (Tensor x, Tensor y) = IdxReader.LoadPair(images, labels3);
        Assert.Equal(3, x.Rows);
        Assert.Equal(3, y.Rows);
    }

    private static byte[] Be(float[] values, int size, SpanWriter write)
    {
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }

        return bytes;
    }

    private delegate void SpanWriter(Span<byte> destination, float value);
}
