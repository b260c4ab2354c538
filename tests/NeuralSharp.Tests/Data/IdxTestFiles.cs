using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralSharp.Tests.Data;

/// <summary>Builds IDX files byte by byte for the tests.</summary>
internal static class IdxTestFiles
{
    public static byte[] Idx(byte type, uint[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(data);
        }

        return ms.ToArray();
    }

    public static byte[] Images(int n, int rows, int cols, Func<int, byte> pixel)
    {
        var data = new byte[n * rows * cols];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = pixel(i);
        }

        return Idx(0x08, [(uint)n, (uint)rows, (uint)cols], data);
    }

    public static byte[] Labels(params byte[] labels) => Idx(0x08, [(uint)labels.Length], labels);
}
