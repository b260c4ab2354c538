using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace NeuralSharp.Data;

/// <summary>
/// Decompresses a gzip file (RFC 1952, one or more members) and checks what <see cref="GZipStream"/> lets pass or
/// reports in words meant for nobody: each member's header, its trailer's CRC-32 and ISIZE against the data, and a
/// stream that ends before its trailer (a truncated download, which <see cref="GZipStream"/> reads as a shorter file).
/// </summary>
/// <remarks>
/// <see cref="DeflateStream"/> decodes each member's raw deflate data but does not say where that data ended, so the
/// input is handed to it in chunks and the trailer is found in the last chunk it took: the 8 bytes holding this
/// member's CRC-32 and size (a false match needs 64 bits to agree by chance). The file's last 16 bytes are handed over
/// one at a time, so for the last member the deflate end is known exactly and a missing or damaged trailer is told
/// apart from a mismatching one. Faults are one-line <see cref="DataException"/>s naming the file; a stream that
/// ends early is not thrown at once but reported by <see cref="Truncated"/>, so a reader that comes up short can say
/// how short.
/// </remarks>
internal sealed class GzipReader : Stream
{
    private const int TailBytes = 16;
    private const int ChunkBytes = 1 << 16;

    private readonly FileStream _file;
    private readonly string _path;
    private readonly long _length;
    private readonly Feed _feed;
    private DeflateStream? _deflate;
    private long _memberData;
    private readonly System.IO.Hashing.Crc32 _crc = new(); // gzip's CRC-32 (vectorised where the CPU allows)
    private long _size;
    private bool _done;

    public GzipReader(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _length = file.Length;
        _feed = new Feed(this);
        StartMember(0);
    }

    /// <summary>The stream ended before a member's trailer: the file is truncated.</summary>
    public bool Truncated { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!_done && !buffer.IsEmpty)
        {
            int n;
            try
            {
                n = _deflate!.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw Fail("corrupt gzip data (invalid compressed data)", e);
            }

            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _size += n;
                return n;
            }

            EndMember();
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Parses the member header at <paramref name="start"/> (magic, method, optional fields) and starts inflating after it.</summary>
    private void StartMember(long start)
    {
        _file.Position = start;
        Span<byte> head = stackalloc byte[10];
        int got = _file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (start > 0 && (got < 2 || head[0] != 0x1F || head[1] != 0x8B))
        {
            throw Fail(Inv($"corrupt gzip data ({_length - start} bytes after the compressed data are not another gzip member)"));
        }

        if (got < head.Length)
        {
            throw Fail(Inv($"truncated gzip stream (header of {got} bytes, 10 needed)"));
        }

        if (head[0] != 0x1F || head[1] != 0x8B)
        {
            throw Fail(Inv($"corrupt gzip data ({_length - start} bytes after the compressed data are not another gzip member)"));
        }

        if (head[2] != 8)
        {
            throw Fail(Inv($"unsupported gzip compression method {head[2]} (only 8, deflate, exists)"));
        }

        byte flags = head[3];
        if ((flags & 0xE0) != 0)
        {
            throw Fail(Inv($"corrupt gzip header (reserved flag bits 0x{flags & 0xE0:X2} set)"));
        }

        if ((flags & 0x04) != 0)
        {
            int lo = _file.ReadByte(), hi = _file.ReadByte();
            if (hi < 0)
            {
                throw Fail("truncated gzip stream (inside the header)");
            }

            _file.Position += lo | (hi << 8);
        }

        foreach (int flag in (int[])[0x08, 0x10])
        {
            if ((flags & flag) != 0)
            {
                int b;
                while ((b = _file.ReadByte()) > 0)
                {
                }

                if (b < 0)
                {
                    throw Fail("truncated gzip stream (inside the header)");
                }
            }
        }

        if ((flags & 0x02) != 0)
        {
            _file.Position += 2;
        }

        if (_file.Position >= _length)
        {
            throw Fail("truncated gzip stream (no compressed data after the header)");
        }

        _memberData = _file.Position;
        _feed.Reset(_memberData);
        _crc.Reset();
        _size = 0;
        _deflate?.Dispose();
        _deflate = new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Finds and checks the trailer of the member whose deflate data just ended, then moves to the next member.</summary>
    private void EndMember()
    {
        long fed = _feed.Position;
        if (fed >= _length)
        {
            // The inflater took every byte: the deflate data ran to the end of the file, leaving no trailer.
            Truncated = true;
            _done = true;
            return;
        }

        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(expected[4..], unchecked((uint)_size));
        long windowStart = Math.Max(_memberData, fed - _feed.LastChunk);
        byte[] window = new byte[(int)(Math.Min(_length, fed + 8) - windowStart)];
        _file.Position = windowStart;
        _file.ReadExactly(window);
        int at = FindTrailer(window, expected, windowStart, fed);
        if (at < 0)
        {
            if (_feed.LastChunk != 1)
            {
                throw Fail("corrupt gzip data (CRC mismatch)");
            }

            // Fed one byte at a time: the deflate data ended exactly at 'fed', where the trailer must start.
            var trailer = window.AsSpan((int)(fed - windowStart));
            if (trailer.Length < 8)
            {
                Truncated = true;
                _done = true;
                return;
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            throw Fail(size == unchecked((uint)_size)
                ? "corrupt gzip data (CRC mismatch)"
                : Inv($"corrupt gzip data (the trailer records {size} bytes but the data holds {_size})"));
        }

        long next = windowStart + at + 8;
        if (next >= _length || OnlyZerosFrom(next))
        {
            _done = true; // the end, or zero padding after the last member (gzip(1) ignores it too)
            return;
        }

        StartMember(next);
    }

    /// <summary>
    /// Where in <paramref name="window"/> the member's trailer (its CRC-32 and size, <paramref name="expected"/>)
    /// starts, or −1. Fed one byte at a time, the deflate data ended exactly at <paramref name="fed"/>. Otherwise the
    /// bytes can occur more than once (an empty member's trailer is eight zeros, and its deflate data ends in a zero),
    /// so a place counts only when what follows it is the end of the file, zero padding, or another member's magic.
    /// </summary>
    private int FindTrailer(byte[] window, ReadOnlySpan<byte> expected, long windowStart, long fed)
    {
        if (_feed.LastChunk == 1)
        {
            int fedAt = (int)(fed - windowStart);
            return fedAt + 8 <= window.Length && window.AsSpan(fedAt, 8).SequenceEqual(expected) ? fedAt : -1;
        }

        int first = -1;
        for (int from = 0; from <= window.Length - 8;)
        {
            int at = window.AsSpan(from).IndexOf(expected);
            if (at < 0)
            {
                break;
            }

            at += from;
            first = first < 0 ? at : first;
            long next = windowStart + at + 8;
            if (next >= _length || IsMemberStart(next) || OnlyZerosFrom(next))
            {
                return at;
            }

            from = at + 1;
        }

        return first; // no place fits: the first, so that the error names what follows it
    }

    private bool IsMemberStart(long position)
    {
        Span<byte> magic = stackalloc byte[2];
        _file.Position = position;
        return _file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private bool OnlyZerosFrom(long position)
    {
        byte[] chunk = new byte[4096];
        _file.Position = position;
        int n;
        while ((n = _file.Read(chunk)) > 0)
        {
            if (chunk.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }

    private DataException Fail(string message, Exception? inner = null) => new(message, _path, inner: inner);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Hands the file to <see cref="DeflateStream"/> in chunks, the last <see cref="TailBytes"/> one byte at a time.</summary>
    private sealed class Feed(GzipReader owner) : Stream
    {
        public override long Position { get; set; }

        /// <summary>Bytes handed over by the latest read: the deflate data ended within them.</summary>
        public int LastChunk { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => owner._length;

        public void Reset(long position)
        {
            Position = position;
            LastChunk = 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long tail = owner._length - TailBytes;
            long limit = Position < tail ? Math.Min(ChunkBytes, tail - Position) : Math.Min(1, owner._length - Position);
            int want = (int)Math.Min(buffer.Length, limit);
            if (want <= 0)
            {
                return 0;
            }

            owner._file.Position = Position;
            int n = owner._file.ReadAtLeast(buffer[..want], want, throwOnEndOfStream: false);
            Position += n;
            LastChunk = n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
