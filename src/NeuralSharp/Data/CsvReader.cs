using System.Globalization;
using System.Text;

namespace NeuralSharp.Data;

/// <summary>
/// Streaming RFC-4180 tokenizer. The first record is the header (required). The delimiter ('|' too, when given) is one of
/// <c>,</c> <c>;</c> or tab, detected from the first lines (outside quotes) unless given. Quoted fields may hold
/// delimiters, doubled quotes and newlines; blank lines, and lines of nothing but spaces or tabs that are not the delimiter, are skipped. Every record must have as many fields as the
/// header; a header that ends with a delimiter has no unnamed last column, and its records may end with one empty field
/// more. Fields are kept in one reusable character buffer: read them with <see cref="GetField"/> (no allocation)
/// or <see cref="GetString"/>. Every fault is a <see cref="DataException"/> naming file, line and column.
/// </summary>
public sealed class CsvReader : IDisposable
{

    private readonly CsvCharSource _source;
    private long _line = 1;

    private char[] _chars = new char[256];
    private int _charCount;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private int _fieldCount;

    /// <summary>Whether the header ended with a delimiter: its empty last name is not a column, and a record may end
    /// with one empty field more.</summary>
    private bool _trailingDelimiter;

    /// <summary>Reads CSV from <paramref name="reader"/>; <paramref name="fileName"/> is used in error messages.</summary>
    public CsvReader(TextReader reader, string fileName = "<input>", char? delimiter = null)
        : this(reader, fileName, delimiter, ownsReader: false)
    {
    }

    private CsvReader(TextReader reader, string fileName, char? delimiter, bool ownsReader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _source = new CsvCharSource(reader, ownsReader, fileName, () => _line);
        FileName = fileName;

        if (delimiter is { } d && d != ',' && d != ';' && d != '\t' && d != '|')
        {
            throw new DataException($"unsupported delimiter '{d}' (use ',', ';', tab or '|')", fileName);
        }

        int nul = _source.Sample.IndexOf('\0');
        if (nul >= 0)
        {
            throw new DataException($"not a text CSV file (NUL byte at character {nul + 1}; binary data?)", fileName);
        }

        Delimiter = delimiter ?? CsvDelimiter.Detect(_source.Sample);
        if (!ReadRawRecord())
        {
            throw new DataException("file is empty", fileName, 1);
        }

        HeaderLine = RecordLine;

        // A header ending with a delimiter (a spreadsheet's export of "a,b,c," on every line) has an unnamed empty last
        // column: it is left out, and each record may end with one more, empty field (see Read).
        if (_fieldCount > 1 && GetField(_fieldCount - 1).IsWhiteSpace())
        {
            _fieldCount--;
            _trailingDelimiter = true;
        }

        var names = new string[_fieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _fieldCount; i++)
        {
            string name = GetField(i).Trim().ToString();
            if (name.Length == 0)
            {
                throw new DataException("empty column name in header", fileName, HeaderLine, i + 1);
            }

            if (!seen.TryAdd(name, i))
            {
                throw new DataException($"duplicate column name '{name}' (also column {seen[name] + 1})", fileName, HeaderLine, i + 1);
            }

            names[i] = name;
        }

        Header = names;
    }

    /// <summary>What <see cref="MarkingUtf8"/> decodes a byte sequence that is not UTF-8 to: U+FFFF, a noncharacter
    /// no text file holds (U+FFFD, the usual replacement, can be a real character).</summary>
    internal const char Undecodable = '\uFFFF';

    /// <summary>UTF-8 that decodes bytes that are not UTF-8 to <see cref="Undecodable"/>, so that the reader can say on
    /// which line they are (a decoder that throws knows only its block of bytes).</summary>
    public static Encoding MarkingUtf8 { get; } = CreateMarkingUtf8();

    private static Encoding CreateMarkingUtf8()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).Clone();
        encoding.DecoderFallback = new DecoderReplacementFallback(Undecodable.ToString());
        return encoding;
    }

    /// <summary>A reader of <paramref name="stream"/> as UTF-8 with <see cref="MarkingUtf8"/> whether or not it starts
    /// with a byte-order mark. Why not the BOM detection of <see cref="StreamReader"/>: on finding one it switches to
    /// the standard decoder, which would replace bytes that are not UTF-8 silently (the BOM is skipped by the
    /// reader's character source instead).</summary>
    public static StreamReader Utf8Reader(Stream stream) => new(stream, MarkingUtf8, detectEncodingFromByteOrderMarks: false);

    /// <summary>A <see cref="DataException"/> when <paramref name="stream"/> (seekable, at its start) begins with gzip's
    /// magic bytes 1F 8B; it is left at its start.</summary>
    public static void RefuseGzip(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        if (got == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            throw new DataException("gzip-compressed, not a text CSV file; decompress it first (gunzip)", path);
        }
    }

    /// <summary>Opens a file (UTF-8, with or without byte-order mark).</summary>
    public static CsvReader Open(string path, char? delimiter = null)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.CannotOpen(path, e);
        }

        try
        {
            RefuseGzip(stream, path);
            return new CsvReader(Utf8Reader(stream), path, delimiter, ownsReader: true);
        }
        catch
        {
            stream.Dispose(); // the reader, if made, holds nothing else
            throw;
        }
    }

    /// <summary>The name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>The field delimiter, given or detected.</summary>
    public char Delimiter { get; }

    /// <summary>The column names from the header (trimmed, unique, non-empty).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The 1-based physical line of the header.</summary>
    public long HeaderLine { get; }

    /// <summary>The 1-based physical line on which the current record starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Number of fields in the current record (always the header's count after <see cref="Read"/>).</summary>
    public int FieldCount => _fieldCount;

    /// <inheritdoc cref="CsvDelimiter.Detect"/>
    public static char DetectDelimiter(ReadOnlySpan<char> sample) => CsvDelimiter.Detect(sample);

    /// <summary>Reads the next data record; false at the end of the input. A ragged row is a <see cref="DataException"/>.</summary>
    public bool Read()
    {
        if (!ReadRawRecord())
        {
            return false;
        }

        int expected = Header.Count;
        if (_trailingDelimiter && _fieldCount == expected + 1)
        {
            if (!GetField(expected).IsWhiteSpace())
            {
                throw new DataException(
                    $"a value in column {expected + 1}, which has no name: the header ends with a delimiter", FileName, RecordLine, expected + 1);
            }

            _fieldCount = expected;
        }

        if (_fieldCount != expected)
        {
            int column = Math.Min(_fieldCount, expected) + (_fieldCount > expected ? 1 : 0);
            throw new DataException(
                $"expected {expected} fields as in the header but found {_fieldCount}", FileName, RecordLine, column);
        }

        return true;
    }

    /// <summary>The text of field <paramref name="index"/> of the current record, valid until the next read.</summary>
    public ReadOnlySpan<char> GetField(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_fieldCount);
        return _chars.AsSpan(_starts[index], _lengths[index]);
    }

    /// <summary>Field <paramref name="index"/> of the current record as a new string.</summary>
    public string GetString(int index) => GetField(index).ToString();

    public void Dispose()
    {
        _source.Dispose();
    }

    private bool ReadRawRecord()
    {
        while (true)
        {
            if (_source.Peek() < 0)
            {
                return false;
            }

            RecordLine = _line;
            _charCount = 0;
            _fieldCount = 0;
            bool anyQuoted = false;
            while (true)
            {
                int start = _charCount;
                int column = _fieldCount + 1;
                int c = _source.Peek();
                if (c == '"')
                {
                    anyQuoted = true;
                    ReadQuoted(column);
                    c = _source.Peek();
                    if (c >= 0 && c != Delimiter && c != '\n' && c != '\r')
                    {
                        throw new DataException(
                            $"unexpected character '{(char)c}' after a closing quote", FileName, _line, column);
                    }
                }
                else
                {
                    while (c >= 0 && c != Delimiter && c != '\n' && c != '\r')
                    {
                        Append((char)c);
                        _source.Advance();
                        c = _source.Peek();
                    }
                }

                AddField(start);
                if (c == Delimiter)
                {
                    _source.Advance();
                    continue;
                }

                SkipNewline();
                break;
            }

            if (_fieldCount == 1 && !anyQuoted && _chars.AsSpan(_starts[0], _lengths[0]).IsWhiteSpace())
            {
                // A blank line, or one of spaces (or tabs, when the delimiter is not a tab) only, as pandas skips it:
                // an editor's indentation at the end of a file was otherwise a one-field record and an error.
                continue;
            }

            return true;
        }
    }

    private void ReadQuoted(int column)
    {
        long openLine = _line;
        _source.Advance(); // opening quote
        while (true)
        {
            int c = _source.Peek();
            if (c < 0)
            {
                throw new DataException("unterminated quoted field (quote opened here)", FileName, openLine, column);
            }

            _source.Advance();
            if (c == '"')
            {
                if (_source.Peek() == '"')
                {
                    Append('"');
                    _source.Advance();
                    continue;
                }

                return;
            }

            if (c == '\r')
            {
                if (_source.Peek() == '\n')
                {
                    Append('\r');
                    c = '\n';
                    _source.Advance();
                }

                _line++;
            }
            else if (c == '\n')
            {
                _line++;
            }

            Append((char)c);
        }
    }

    private void SkipNewline()
    {
        int c = _source.Peek();
        if (c == '\r')
        {
            _source.Advance();
            if (_source.Peek() == '\n')
            {
                _source.Advance();
            }

            _line++;
        }
        else if (c == '\n')
        {
            _source.Advance();
            _line++;
        }
    }

    private void AddField(int start)
    {
        if (_fieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _fieldCount * 2);
            Array.Resize(ref _lengths, _fieldCount * 2);
        }

        _starts[_fieldCount] = start;
        _lengths[_fieldCount] = _charCount - start;
        _fieldCount++;
    }

    private void Append(char c)
    {
        if (_charCount == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[_charCount++] = c;
    }

    internal static string Describe(IEnumerable<string> names) =>
        string.Join(", ", names.Select(n => string.Create(CultureInfo.InvariantCulture, $"'{n}'")));
}
