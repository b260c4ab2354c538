using System.Buffers.Binary;
using System.Globalization;
using NeuralSharp.Tensors;

namespace NeuralSharp.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped (detected by the gzip magic
/// <c>1F 8B</c>, not by the file name). The header is validated before anything large is allocated; every fault
/// is a one-line <see cref="DataException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Largest element count accepted by default (2³¹ − 1).</summary>
    public const long DefaultMaxElements = int.MaxValue;

    private const int ChunkBytes = 1 << 16;

    /// <summary>Reads an IDX file (plain or gzipped) whole.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxElements">Refuse files declaring more elements than this (checked before allocating).</param>
    public static IdxArray Read(string path, long maxElements = DefaultMaxElements)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxElements);
        maxElements = Math.Min(maxElements, Array.MaxLength);
        if (Directory.Exists(path))
        {
            throw new DataException("is a directory, not an IDX file", path);
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (FileNotFoundException ex)
        {
            throw new DataException("no such file", path, inner: ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new DataException("no such file (its folder does not exist)", path, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataException("cannot open: permission denied", path, inner: ex);
        }
        catch (IOException ex)
        {
            throw new DataException($"cannot open: {ex.Message}", path, inner: ex);
        }

        using (file)
        {
            Span<byte> magic = stackalloc byte[2];
            int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (got == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            {
                using var gzip = new GzipReader(file, path);
                IdxArray array = ReadCore(gzip, path, remaining: null, maxElements, gzipped: true, compressedLength: file.Length);
                if (gzip.Truncated)
                {
                    throw new DataException("truncated gzip stream (missing trailer)", path);
                }

                return array;
            }

            return ReadCore(file, path, remaining: file.Length, maxElements, gzipped: false, compressedLength: file.Length);
        }
    }

    /// <summary>
    /// Loads an image file (N × rows × cols, unsigned bytes) as an N × (rows·cols) tensor with pixels scaled to [0, 1].
    /// </summary>
    public static Tensor LoadImages(string path)
    {
        IdxArray a = Read(path);
        if (a.DataType != IdxDataType.UnsignedByte)
        {
            throw new DataException($"images must be unsigned bytes (type 0x08), got {a.DataType} (0x{(int)a.DataType:X2})", path);
        }

        if (a.Shape.Length < 2)
        {
            throw new DataException($"images need at least 2 dimensions (count × pixels), got {a.Shape.Length}", path);
        }

        int features = 1;
        for (int i = 1; i < a.Shape.Length; i++)
        {
            features *= a.Shape[i];
        }

        float[] v = a.Values;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= 255f;
        }

        return Tensor.FromArray(v, a.Shape[0], features);
    }

    /// <summary>Loads a label file (N integers, one dimension) as an N × 1 tensor of class indices.</summary>
    public static Tensor LoadLabels(string path)
    {
        IdxArray a = Read(path);
        if (a.Shape.Length != 1)
        {
            throw new DataException($"labels must have 1 dimension, got {a.Shape.Length} ({Describe(a.Shape)})", path);
        }

        if (a.DataType is IdxDataType.Float32 or IdxDataType.Float64)
        {
            throw new DataException($"labels must be integers, got {a.DataType}", path);
        }

        foreach (float label in a.Values)
        {
            if (label < 0)
            {
                throw new DataException($"labels must be class indices (≥ 0), found {label.ToString(CultureInfo.InvariantCulture)}", path);
            }
        }

        return Tensor.FromArray(a.Values, a.Shape[0], 1);
    }

    /// <summary>Loads images and their labels, checking that both files hold the same number of items.</summary>
    public static (Tensor X, Tensor Y) LoadPair(string imagesPath, string labelsPath)
    {
        Tensor x = LoadImages(imagesPath);
        Tensor y = LoadLabels(labelsPath);
        if (x.Rows != y.Rows)
        {
            throw new DataException(
                string.Create(CultureInfo.InvariantCulture, $"holds {y.Rows} labels but {imagesPath} holds {x.Rows} images"), labelsPath);
        }

        return (x, y);
    }

    internal static int ElementSize(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        IdxDataType.Float64 => 8,
        _ => 0,
    };

    private static IdxArray ReadCore(Stream s, string path, long? remaining, long maxElements, bool gzipped, long compressedLength)
    {
        Span<byte> head = stackalloc byte[4];
        int got = s.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (got == 0)
        {
            throw new DataException(gzipped ? "empty IDX data inside gzip" : "empty file", path);
        }

        if (got < 4)
        {
            throw new DataException(Inv($"truncated header: expected 4 bytes, got {got}"), path);
        }

        if (head[0] != 0 || head[1] != 0)
        {
            throw new DataException(Inv($"not an IDX file: magic must start with 00 00, got {head[0]:X2} {head[1]:X2}"), path);
        }

        var type = (IdxDataType)head[2];
        int elementSize = ElementSize(type);
        if (elementSize == 0)
        {
            throw new DataException(Inv($"unknown IDX element type 0x{head[2]:X2} (expected 08, 09, 0B, 0C, 0D or 0E)"), path);
        }

        int rank = head[3];
        if (rank is < 1 or > 4)
        {
            throw new DataException(Inv($"dimension count must be 1 to 4, got {rank}"), path);
        }

        Span<byte> dims = stackalloc byte[16];
        int dimBytes = rank * 4;
        got = s.ReadAtLeast(dims[..dimBytes], dimBytes, throwOnEndOfStream: false);
        if (got < dimBytes)
        {
            throw new DataException(Inv($"truncated header: expected {dimBytes} bytes of dimension sizes, got {got}"), path);
        }

        var shape = new int[rank];
        ulong count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dims.Slice(i * 4, 4));
            count *= size; // count ≤ 2^31 before, size < 2^32: no ulong overflow
            if (count > (ulong)maxElements)
            {
                throw new DataException(
                    Inv($"declared size {DescribeRaw(dims[..dimBytes], rank)} holds more than the limit of {maxElements} elements"), path);
            }

            shape[i] = (int)size;
        }

        long n = (long)count;
        long dataBytes = n * elementSize;
        if (remaining is long total)
        {
            long left = total - 4 - dimBytes;
            if (left < dataBytes)
            {
                throw new DataException(Inv($"truncated: expected {dataBytes} bytes of data, got {left}"), path);
            }

            if (left > dataBytes)
            {
                throw new DataException(Inv($"trailing data: expected {dataBytes} bytes of data, got {left} ({left - dataBytes} extra)"), path);
            }
        }

        // Why: deflate expands data at most ~1032-fold, so a gzip file can hold the declared data only if the
        // declared size is within that bound; then the exact buffer is allocated at once (no growth copies).
        bool plausible = remaining is not null || dataBytes <= MaxDeflateRatio * compressedLength;
        float[] values = ReadData(s, path, type, elementSize, n, exactKnown: plausible);
        if (remaining is null && s.ReadByte() >= 0)
        {
            // Why: corrupt deflate data often decodes to more bytes than were compressed; read to the end so the
            // gzip trailer's CRC check names that fault rather than the extra bytes it produced.
            byte[] sink = new byte[ChunkBytes];
            while (s.Read(sink) > 0)
            {
            }

            if (s is GzipReader { Truncated: true })
            {
                throw new DataException("truncated gzip stream (missing trailer)", path);
            }

            throw new DataException(Inv($"trailing data after the declared {dataBytes} bytes of data"), path);
        }

        return new IdxArray(type, shape, values);
    }

    /// <summary>Deflate's largest possible expansion (compressed bytes to output bytes), rounded up.</summary>
    private const long MaxDeflateRatio = 1032;

    private static float[] ReadData(Stream s, string path, IdxDataType type, int elementSize, long n, bool exactKnown)
    {
        long dataBytes = n * elementSize;

        // For a stream whose length is unknown (gzip) grow the buffer as data arrives, so a file that declares much
        // more than it holds costs no more memory than it holds.
        float[] values = exactKnown ? new float[n] : new float[Math.Min(n, 1 << 20)];
        byte[] buffer = new byte[ChunkBytes];
        long done = 0;
        while (done < n)
        {
            int want = (int)Math.Min(ChunkBytes, (n - done) * elementSize);
            int got = s.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (got < want)
            {
                throw new DataException(Inv($"truncated: expected {dataBytes} bytes of data, got {(done * elementSize) + got}"), path);
            }

            int count = want / elementSize;
            if (done + count > values.Length)
            {
                Array.Resize(ref values, (int)Math.Min(n, Math.Max(values.Length * 2L, done + count)));
            }

            Convert(buffer.AsSpan(0, want), type, values.AsSpan((int)done, count));
            done += count;
        }

        return values;
    }

    private static void Convert(ReadOnlySpan<byte> src, IdxDataType type, Span<float> dst)
    {
        switch (type)
        {
            case IdxDataType.UnsignedByte:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = src[i];
                }

                break;
            case IdxDataType.SignedByte:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (sbyte)src[i];
                }

                break;
            case IdxDataType.Int16:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt16BigEndian(src.Slice(i * 2, 2));
                }

                break;
            case IdxDataType.Int32:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadInt32BigEndian(src.Slice(i * 4, 4));
                }

                break;
            case IdxDataType.Float32:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadSingleBigEndian(src.Slice(i * 4, 4));
                }

                break;
            default:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(src.Slice(i * 8, 8));
                }

                break;
        }
    }

    private static string DescribeRaw(ReadOnlySpan<byte> dims, int rank)
    {
        var parts = new string[rank];
        for (int i = 0; i < rank; i++)
        {
            parts[i] = BinaryPrimitives.ReadUInt32BigEndian(dims.Slice(i * 4, 4)).ToString(CultureInfo.InvariantCulture);
        }

        return string.Join('×', parts);
    }

    private static string Describe(int[] shape) => string.Join('×', shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
