using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NeuralSharp.Tests.Data;

/// <summary>Minimal image encoders for the tests: 8-bit PNG (gray or RGB, no filtering) and 24-bit BMP.</summary>
internal static class TestImages
{
    /// <summary>PNG from row-major pixels (channels 1 = gray, 3 = RGB).</summary>
    public static byte[] Png(int width, int height, int channels, byte[] pixels)
    {
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            raw.Write(pixels, y * width * channels, width * channels);
        }

        using var z = new MemoryStream();
        using (var zlib = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)(channels == 1 ? 0 : 2); // color type: gray or truecolor
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>24-bit uncompressed BMP from row-major RGB pixels.</summary>
    public static byte[] Bmp(int width, int height, byte[] rgb)
    {
        int stride = ((width * 3) + 3) & ~3;
        int size = 54 + (stride * height);
        var b = new byte[size];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height); // positive: bottom-up
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(34), stride * height);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + ((height - 1 - y) * stride);
            for (int x = 0; x < width; x++)
            {
                int s = ((y * width) + x) * 3;
                b[row + (x * 3)] = rgb[s + 2];
                b[row + (x * 3) + 1] = rgb[s + 1];
                b[row + (x * 3) + 2] = rgb[s];
            }
        }

        return b;
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte d in data)
        {
            crc ^= d;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        s.Write(crc);
    }
}
